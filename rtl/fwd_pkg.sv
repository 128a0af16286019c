`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: the constants of the forwarding pipeline, defined once.
 *
 * Reason codes, table sizes, the register map (addresses, the flag bits
 * software sets, reset values) and the limits of PORTS. The RTL names them
 * fwd_pkg::NAME (no `import`: Yosys 0.23 cannot parse one); widths that
 * depend on the number of ports are derived from a module's PORTS parameter.
 *
 * models/pipeline/register_map.h and the tables in docs/pipeline.md and
 * docs/rtl.md hold the same values: the test pipeline_constants
 * (tests/pipeline/constants_main.cpp) parses this file and fails, naming the
 * constant, where any of them differs. It reads one constant per line,
 *     localparam [type] NAME = value;  // comment
 * value: a number (64, 4'd1, 12'h01C, 32'h43504F31) or an expression of
 * numbers and names defined above with + - * / << >> ( ) and $clog2().
 *
 * No types here: Icarus Verilog 11 (bench/) aborts on a package's typedefs.
 * The stage records are packed structs in fwd_pipeline, where their port
 * fields can follow PORTS.
 */

package fwd_pkg;

// each module uses only some of these: Verilator would flag the rest in every lint
/* verilator lint_off UNUSEDPARAM */

/*
 * ports
 */
// switch ports of fwd_pipeline unless its PORTS is set
localparam int PORTS_DEFAULT = 64;
// fewest ports: a port number has at least one bit
localparam int PORTS_MIN = 2;
// most ports: a counter bank has 64 words
localparam int PORTS_MAX = 64;
// port-number fields of registers and of the ACL key (sized for PORTS_MAX, whatever PORTS is)
localparam int PORT_FIELD_WIDTH = $clog2(PORTS_MAX);

/*
 * input and timing
 */
// header slice: the AXI-Stream beat of fwd_pipeline in bytes (DATA_WIDTH = 8 x this)
localparam int HEADER_BYTES = 128;
// frames shorter than this are runts, bytes
localparam int MIN_FRAME = 64;
// clocks from a header handshake to its decision on m_dec_*, without output stalls
localparam int DEPTH = 4;

/*
 * tables
 */
// L2 table sets (a power of two: the hash folds to $clog2 of it)
localparam int L2_SETS = 32;
// L2 table ways per set, compared in parallel
localparam int L2_WAYS = 4;
// IPv4 prefixes of the LPM table
localparam int LPM_ENTRIES = 16;
// entry-index field of LPM_CMD
localparam int LPM_INDEX_WIDTH = $clog2(LPM_ENTRIES);
// ECMP member table entries (a power of two: base + offset wraps around it)
localparam int ECMP_MEMBERS = 32;
// member-index field of ECMP_CMD and ECMP base field of LPM_RESULT
localparam int ECMP_INDEX_WIDTH = $clog2(ECMP_MEMBERS);
// most members of one ECMP group (larger counts are clamped)
localparam int ECMP_GROUP_MAX = 8;
// ternary ACL entries
localparam int ACL_ENTRIES = 8;
// entry-index field of ACL_CMD
localparam int ACL_INDEX_WIDTH = $clog2(ACL_ENTRIES);
// ACL key: {src_port, ethertype[15:0], ip_proto[7:0], l4_dst[15:0]}
localparam int ACL_KEY_WIDTH = PORT_FIELD_WIDTH + 16 + 8 + 16;
// ACL action: no effect
localparam logic [1:0] ACL_PERMIT = 2'd0;
// ACL action: drop the frame (reason acl_deny)
localparam logic [1:0] ACL_DROP = 2'd1;
// ACL action: set the traffic class
localparam logic [1:0] ACL_SET_CLASS = 2'd2;

/*
 * reason codes on m_dec_reason (the decision's priority order is in fwd_pipeline)
 */
// width of a reason code
localparam int REASON_WIDTH = 4;
// reason codes, and REASON_COUNT counters
localparam int REASON_CODES = 1 << REASON_WIDTH;
// forwarded
localparam logic [3:0] REASON_NONE = 4'd0;
// frame shorter than MIN_FRAME
localparam logic [3:0] REASON_RUNT = 4'd1;
// the slice ends inside the L2 header, or inside a routed IPv4 header
localparam logic [3:0] REASON_TRUNCATED = 4'd2;
// frame longer than MAX_FRAME
localparam logic [3:0] REASON_OVERSIZE = 4'd3;
// bridged: unicast destination not in the L2 table, flooding off
localparam logic [3:0] REASON_L2_MISS = 4'd4;
// routed frame that is not IPv4
localparam logic [3:0] REASON_UNKNOWN_ETHERTYPE = 4'd5;
// routed: IPv4 version != 4 or IHL < 5
localparam logic [3:0] REASON_BAD_IPV4_HEADER = 4'd6;
// routed: IPv4 header checksum wrong
localparam logic [3:0] REASON_BAD_IPV4_CHECKSUM = 4'd7;
// routed: total length shorter than the header or past the frame
localparam logic [3:0] REASON_BAD_IPV4_LENGTH = 4'd8;
// routed: TTL <= 1
localparam logic [3:0] REASON_TTL_EXPIRED = 4'd9;
// routed: no LPM entry matches
localparam logic [3:0] REASON_NO_ROUTE = 4'd10;
// an ACL entry with action drop matched
localparam logic [3:0] REASON_ACL_DENY = 4'd11;

/*
 * register map: 32-bit registers at byte addresses (addr[1:0] ignored)
 */
// width of reg_addr
localparam int REG_ADDR_WIDTH = 12;
// RO  ID_VALUE
localparam logic [11:0] A_ID = 12'h000;
// RO  number of ports (PORTS)
localparam logic [11:0] A_PORTS = 12'h004;
// RW  [0] flood unknown unicast, [27:16] port VLAN (PVID)
localparam logic [11:0] A_CTRL = 12'h008;
// RW  [15:0] largest accepted frame, bytes
localparam logic [11:0] A_MAX_FRAME = 12'h00C;
// RW  L2 staging: MAC bits 31..0
localparam logic [11:0] A_L2_MAC_LO = 12'h010;
// RW  L2 staging: [15:0] MAC bits 47..32, [27:16] VID
localparam logic [11:0] A_L2_MAC_HI = 12'h014;
// RW  L2 staging: [5:0] egress port, [31] valid
localparam logic [11:0] A_L2_RESULT = 12'h018;
// WO  [15:0] entry index (set * L2_WAYS + way); [31] write staging to it, else [30] read it
localparam logic [11:0] A_L2_CMD = 12'h01C;
// RO  flooded frames
localparam logic [11:0] A_FLOOD_COUNT = 12'h020;
// WO  any write zeroes every counter
localparam logic [11:0] A_COUNTER_CLEAR = 12'h024;
// RO  L2 table sets
localparam logic [11:0] A_L2_SETS = 12'h028;
// RO  L2 table ways
localparam logic [11:0] A_L2_WAYS = 12'h02C;
// RO  pipeline depth, clocks
localparam logic [11:0] A_DEPTH = 12'h030;
// RW  router MAC bits 31..0
localparam logic [11:0] A_ROUTER_MAC_LO = 12'h034;
// RW  [15:0] router MAC bits 47..32, [31] routing enable
localparam logic [11:0] A_ROUTER_MAC_HI = 12'h038;
// RW  LPM staging: IPv4 prefix
localparam logic [11:0] A_LPM_PREFIX = 12'h040;
// RW  LPM staging: [5:0] length, [12:8] ECMP base, [19:16] ECMP members, [31] valid
localparam logic [11:0] A_LPM_RESULT = 12'h044;
// WO  [3:0] entry, [31] write staging to it
localparam logic [11:0] A_LPM_CMD = 12'h048;
// WO  [4:0] member, [13:8] egress port, [31] write
localparam logic [11:0] A_ECMP_CMD = 12'h04C;
// RW  ACL staging: key value bits 31..0
localparam logic [11:0] A_ACL_VAL_LO = 12'h050;
// RW  ACL staging: key value bits 45..32
localparam logic [11:0] A_ACL_VAL_HI = 12'h054;
// RW  ACL staging: key mask bits 31..0
localparam logic [11:0] A_ACL_MASK_LO = 12'h058;
// RW  ACL staging: key mask bits 45..32
localparam logic [11:0] A_ACL_MASK_HI = 12'h05C;
// WO  [2:0] entry, [9:8] action, [14:12] class, [30] valid, [31] write
localparam logic [11:0] A_ACL_CMD = 12'h060;
// RO  bank: + 4 x reason code, decisions per reason (0: forwarded)
localparam logic [11:0] A_REASON_COUNT = 12'h100;
// RO  bank: + 4 x port, headers accepted per source port
localparam logic [11:0] A_RX_COUNT = 12'h200;
// RO  bank: + 4 x port, unicast forwards per egress port
localparam logic [11:0] A_TX_COUNT = 12'h300;

// ID register value, "CPO1"
localparam logic [31:0] ID_VALUE = 32'h43504F31;
// CTRL: flood unknown unicast
localparam int CTRL_FLOOD_BIT = 0;
// CTRL: lowest bit of the port VLAN field
localparam int CTRL_PVID_LSB = 16;
// L2_CMD, LPM_CMD, ECMP_CMD, ACL_CMD: write the staged entry
localparam int CMD_WRITE_BIT = 31;
// L2_CMD: read the entry into the staging registers
localparam int L2_CMD_READ_BIT = 30;
// L2_RESULT, LPM_RESULT: the entry is valid
localparam int RESULT_VALID_BIT = 31;
// ROUTER_MAC_HI: routing enabled
localparam int ROUTE_ENABLE_BIT = 31;
// ACL_CMD: the entry is valid
localparam int ACL_VALID_BIT = 30;
// CTRL port VLAN after reset
localparam int RESET_PVID = 1;
// MAX_FRAME after reset, bytes
localparam int RESET_MAX_FRAME = 9216;

/* verilator lint_on UNUSEDPARAM */

endpackage

`resetall
