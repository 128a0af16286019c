`resetall
`timescale 1ns / 1ps
`default_nettype none

/*
 * cposim: the forwarding pipeline, top level.
 *
 * Input: one AXI4-Stream packet per frame carrying the frame's header slice
 * (its first DATA_WIDTH/8 bytes, or the whole frame if shorter; tkeep marks
 * the bytes present on the tlast beat). tuser = {frame_bytes[15:0],
 * src_port[PORT_WIDTH-1:0]}: the MAC knows the frame length before the
 * header enters (store-and-forward ingress). Only the first beat is parsed;
 * further beats are accepted and ignored.
 *
 * Output: one decision per frame on a valid/ready port: drop + reason code,
 * or a unicast egress port, or a flood (m_dec_mask = every port but the
 * source); traffic class; and m_dec_latency, the clocks from the header
 * handshake to the decision appearing on m_dec_*. Beside the decision, the
 * fields the parser extracted (m_dec_hdr_*): EtherType after the tags, tag
 * count, S-tag and C-tag VIDs, PCP, IPv4/IPv6 addresses, protocol, TTL/hop
 * limit, L4 ports, the IPv4 checks; zero where the frame has no such field.
 *
 * Stages (one header per clock, all stages advance together; an output
 * stall stalls everything and pulls s_axis_tready low):
 *   S1  eth_header_parser: L2 header record; the L3 bytes captured beside it
 *   S2  L2 lookup {VID, destination MAC} in l2_table (hashed, WAYS ways);
 *       l3_parser (IPv4/IPv6/UDP/TCP fields and IPv4 checks, 5-tuple hash)
 *   S3  IPv4 LPM (ipv4_lpm), ACL (acl_table)
 *   S4  ECMP member (ecmp_select), decision, output register
 * Latency without output backpressure: DEPTH = 4 clocks.
 *
 * A frame whose destination MAC is the router MAC (ROUTER_MAC, routing
 * enabled) is routed: IPv4 only, checked, then LPM -> ECMP group -> member
 * port. Any other frame is bridged: L2 lookup, flooded if its destination is
 * a group address (I/G bit) or unknown with flooding on. Then the ACL (key:
 * source port, EtherType, IP protocol, L4 destination port) may drop the
 * frame or set its class.
 *
 * Reason codes (m_dec_reason: fwd_pkg::REASON_*, 0 = forwarded), in
 * priority order:
 *   RUNT               frame_bytes < MIN_FRAME
 *   TRUNCATED          the slice ends inside the L2 header, or inside the
 *                      IPv4 header of a routed frame
 *   OVERSIZE           frame_bytes > MAX_FRAME register
 *   UNKNOWN_ETHERTYPE  routed frame that is not IPv4
 *   BAD_IPV4_HEADER    routed: version != 4 or IHL < 5
 *   BAD_IPV4_CHECKSUM  routed: header checksum wrong
 *   BAD_IPV4_LENGTH    routed: total length < header or > frame
 *   TTL_EXPIRED        routed: TTL <= 1
 *   NO_ROUTE           routed: no LPM entry matches
 *   L2_MISS            bridged: unicast destination unknown, flooding off
 *   ACL_DENY           an ACL entry with action drop matched
 * Traffic class: PCP of the C-tag if tagged, else DSCP[5:3] of IPv4/IPv6,
 * else 0; an ACL set-class action overrides it.
 *
 * Register interface: fwd_regs (map in fwd_pkg and docs/pipeline.md).
 *
 * PORTS sets the port-number width ($clog2(PORTS)), the mask and the tuser
 * width; it must be a power of two from fwd_pkg::PORTS_MIN to PORTS_MAX
 * (checked at elaboration). Register fields and the ACL key keep
 * fwd_pkg::PORT_FIELD_WIDTH-bit port fields whatever PORTS is.
 */

module fwd_pipeline #
(
    // width of the AXI-Stream data bus in bits: the header slice
    parameter DATA_WIDTH = 8*fwd_pkg::HEADER_BYTES,
    // width of tkeep, one bit per byte lane
    parameter KEEP_WIDTH = DATA_WIDTH/8,
    // number of switch ports: a power of two from fwd_pkg::PORTS_MIN to PORTS_MAX
    parameter PORTS = fwd_pkg::PORTS_DEFAULT,
    // width of a port number
    localparam PORT_WIDTH = $clog2(PORTS),
    // width of tuser: frame length (16 bits) above the source port
    localparam USER_WIDTH = PORT_WIDTH + 16,
    // L2 table sets (a power of two)
    parameter L2_SETS = fwd_pkg::L2_SETS,
    // L2 table ways per set
    parameter L2_WAYS = fwd_pkg::L2_WAYS
)
(
    input  wire                                clk,
    input  wire                                rst,

    /*
     * AXI-Stream header input
     */
    input  wire [DATA_WIDTH-1:0]               s_axis_tdata,
    input  wire [KEEP_WIDTH-1:0]               s_axis_tkeep,
    input  wire                                s_axis_tvalid,
    output wire                                s_axis_tready,
    input  wire                                s_axis_tlast,
    input  wire [USER_WIDTH-1:0]               s_axis_tuser,

    /*
     * decision output
     */
    output wire                                m_dec_valid,
    input  wire                                m_dec_ready,
    output wire                                m_dec_drop,
    output wire [fwd_pkg::REASON_WIDTH-1:0]    m_dec_reason,
    output wire                                m_dec_flood,
    output wire [PORT_WIDTH-1:0]               m_dec_port,
    output wire [PORTS-1:0]                    m_dec_mask,
    output wire [2:0]                          m_dec_tc,
    output wire [PORT_WIDTH-1:0]               m_dec_src_port,
    output wire [15:0]                         m_dec_latency,

    /*
     * the fields the parser extracted, beside the decision (hdr_t below)
     */
    output wire [15:0]                         m_dec_hdr_ethertype,
    output wire [1:0]                          m_dec_hdr_vlan_count,
    output wire [11:0]                         m_dec_hdr_outer_vid,
    output wire [11:0]                         m_dec_hdr_vid,
    output wire [2:0]                          m_dec_hdr_pcp,
    output wire [127:0]                        m_dec_hdr_src,
    output wire [127:0]                        m_dec_hdr_dst,
    output wire [7:0]                          m_dec_hdr_proto,
    output wire [7:0]                          m_dec_hdr_ttl,
    output wire                                m_dec_hdr_l4_valid,
    output wire [15:0]                         m_dec_hdr_l4_src,
    output wire [15:0]                         m_dec_hdr_l4_dst,
    output wire [3:0]                          m_dec_hdr_ipv4_checks,

    /*
     * register bus (fwd_regs)
     */
    input  wire                                reg_valid,
    output wire                                reg_ready,
    input  wire                                reg_write,
    input  wire [fwd_pkg::REG_ADDR_WIDTH-1:0]  reg_addr,
    input  wire [31:0]                         reg_wdata,
    output wire                                reg_rvalid,
    output wire [31:0]                         reg_rdata
);

// width of an L2 entry index (set * L2_WAYS + way)
localparam L2_INDEX_WIDTH = $clog2(L2_SETS*L2_WAYS);
// width of a reason code (a short name for the package's)
localparam REASON_WIDTH = fwd_pkg::REASON_WIDTH;
// width of the ACL key's source-port field (the port number zero-extended)
localparam ACL_PORT_WIDTH = fwd_pkg::PORT_FIELD_WIDTH;

// a PORTS the pipeline cannot serve fails elaboration: every PORT_WIDTH-bit port number
// must name a port (a power of two), the register map counts at most PORTS_MAX
`ifndef __ICARUS__  // Icarus Verilog 11 (bench/) cannot parse an elaboration-time $error
if (PORTS < fwd_pkg::PORTS_MIN || PORTS > fwd_pkg::PORTS_MAX || (PORTS & (PORTS - 1)) != 0) begin : g_ports_check
    $error("fwd_pipeline: PORTS = %0d, must be a power of two from %0d to %0d", PORTS,
           fwd_pkg::PORTS_MIN, fwd_pkg::PORTS_MAX);
end
`endif

/*
 * stage records; each stage's valid bit is a register of its own (the only one reset)
 */
// what the parser extracted, carried to the decision output (m_dec_hdr_*)
typedef struct packed {
    logic [15:0]   ethertype;    // after the recognised tags
    logic [1:0]    vlan_count;   // 0, 1 (802.1Q), 2 (802.1ad + 802.1Q)
    logic [11:0]   outer_vid;    // S-tag VID of a double-tagged frame, else 0
    logic [11:0]   vid;          // C-tag VID, else 0
    logic [2:0]    pcp;          // C-tag PCP, else 0
    logic [127:0]  src;          // IPv6 source, IPv4 source in [31:0], else 0
    logic [127:0]  dst;          // the same for the destination
    logic [7:0]    proto;        // IPv4 protocol / IPv6 next header, else 0
    logic [7:0]    ttl;          // IPv4 TTL / IPv6 hop limit, else 0
    logic          l4_valid;     // UDP/TCP ports read (IPv4: first fragment; inside the slice)
    logic [15:0]   l4_src;       // UDP/TCP ports, else 0
    logic [15:0]   l4_dst;
    logic [3:0]    ipv4_checks;  // IPv4 only: {truncated, bad header, bad checksum, bad length}
} hdr_t;

// a frame on its way through S2 and S3
typedef struct packed {
    logic [PORT_WIDTH-1:0]    src;
    logic [15:0]              len;
    logic                     group;      // I/G bit of the destination MAC
    logic                     runt;
    logic [2:0]               tc;
    logic                     hit;        // L2 lookup hit ...
    logic [PORT_WIDTH-1:0]    port;       // ... on this port
    logic                     routed;
    logic [REASON_WIDTH-1:0]  l3_reason;  // checks of a routed frame (REASON_NONE: passed)
    logic [7:0]               flow_hash;
    logic [15:0]              stamp;      // cycle_q at the header handshake
    hdr_t                     hdr;
} frame_t;

// S2 register: the frame and the keys of the S3 lookups
typedef struct packed {
    frame_t                             f;
    logic [31:0]                        ipv4_dst;
    logic [fwd_pkg::ACL_KEY_WIDTH-1:0]  acl_key;
} s2_t;

// S3 register: the frame and what LPM and ACL found
typedef struct packed {
    frame_t                                f;
    logic                                  lpm_hit;
    logic [fwd_pkg::ECMP_INDEX_WIDTH-1:0]  lpm_base;
    logic [3:0]                            lpm_count;
    logic                                  acl_drop;
    logic                                  acl_set_tc;
    logic [2:0]                            acl_tc;
} s3_t;

// decision register, on m_dec_*
typedef struct packed {
    logic                     drop;
    logic [REASON_WIDTH-1:0]  reason;
    logic                     flood;
    logic [PORT_WIDTH-1:0]    port;
    logic [PORTS-1:0]         mask;
    logic [2:0]               tc;
    logic [PORT_WIDTH-1:0]    src;
    logic [15:0]              latency;
    hdr_t                     hdr;
} dec_t;

// free-running clock counter for the latency stamp
logic [15:0] cycle_q = '0;
always_ff @(posedge clk) begin
    cycle_q <= cycle_q + 16'd1;
end

// every stage moves unless the decision register is full and not taken
logic dec_valid_q = 1'b0;
wire  adv = !dec_valid_q || m_dec_ready;

/*
 * S1: L2 header parser
 */
wire                  p_valid;
wire [47:0]           p_dst_mac;
wire [47:0]           p_src_mac;
wire [11:0]           p_vlan_id;
wire [2:0]            p_pcp;
wire [1:0]            p_vlan_count;
wire [15:0]           p_ethertype;
wire [7:0]            p_l3_offset;
wire [USER_WIDTH-1:0] p_user;
wire                  p_runt;

eth_header_parser #(
    .DATA_WIDTH(DATA_WIDTH),
    .KEEP_WIDTH(KEEP_WIDTH),
    .USER_WIDTH(USER_WIDTH)
) parser_inst (
    .clk(clk),
    .rst(rst),
    .s_axis_tdata(s_axis_tdata),
    .s_axis_tkeep(s_axis_tkeep),
    .s_axis_tvalid(s_axis_tvalid),
    .s_axis_tready(s_axis_tready),
    .s_axis_tlast(s_axis_tlast),
    .s_axis_tuser(s_axis_tuser),
    .m_valid(p_valid),
    .m_ready(adv),
    .m_dst_mac(p_dst_mac),
    .m_src_mac(p_src_mac),
    .m_vlan_id(p_vlan_id),
    .m_pcp(p_pcp),
    .m_vlan_count(p_vlan_count),
    .m_ethertype(p_ethertype),
    .m_l3_offset(p_l3_offset),
    .m_src_port(p_user),
    .m_runt(p_runt)
);

// not used by the decision
wire unused_p = ^p_src_mac;

// header handshakes, mirrored from the parser: a frame's first beat
logic in_frame_q = 1'b0;
wire  s_beat = s_axis_tvalid && s_axis_tready;
wire  hdr_beat = s_beat && !in_frame_q;

// frame bytes 14..85 beside the parser's record: 64 bytes from an L3 header at byte 14,
// 18 or 22 (IPv4 with options and the L4 ports); bytes past the slice read as zero and
// have their present bit clear
localparam CAP_FIRST = 14;
localparam CAP_BYTES = 72;

// S1 register beside the parser's record, taken with each header
typedef struct packed {
    logic [8*CAP_BYTES-1:0]  cap;      // frame bytes CAP_FIRST.., byte 0 in bits [7:0]
    logic [CAP_BYTES-1:0]    present;  // ... each inside the slice
    logic [15:0]             stamp;    // cycle_q at the header handshake
} s1_t;

s1_t s1_q = '0;
wire  [8*CAP_BYTES-1:0] cap_bytes;
wire  [CAP_BYTES-1:0]   cap_present;

// bytes past the slice's end (tkeep low on the last beat) read 0: one mask bit per byte,
// widened to its byte, ANDed with the lanes (word-wide work for a simulator)
wire [8*CAP_BYTES-1:0] cap_mask;
assign cap_present = s_axis_tlast ? s_axis_tkeep[CAP_FIRST +: CAP_BYTES] : {CAP_BYTES{1'b1}};
genvar g;
generate
    for (g = 0; g < CAP_BYTES; g = g + 1) begin : cap_byte
        assign cap_mask[8*g +: 8] = {8{cap_present[g]}};
    end
endgenerate
assign cap_bytes = s_axis_tdata[8*CAP_FIRST +: 8*CAP_BYTES] & cap_mask;

always_ff @(posedge clk) begin
    if (s_beat) begin
        in_frame_q <= !s_axis_tlast;
    end
    if (hdr_beat) begin
        s1_q.cap     <= cap_bytes;
        s1_q.present <= cap_present;
        s1_q.stamp   <= cycle_q;
    end
    if (rst) begin
        in_frame_q <= 1'b0;
    end
end

/*
 * configuration, tables, counters
 */
wire                                  cfg_flood_unknown;
wire [11:0]                           cfg_pvid;
wire [15:0]                           cfg_max_frame;
wire                                  cfg_route_enable;
wire [47:0]                           cfg_router_mac;
wire                                  l2_wr_en;
wire [L2_INDEX_WIDTH-1:0]             l2_wr_index;
wire                                  l2_wr_valid;
wire [11:0]                           l2_wr_vid;
wire [47:0]                           l2_wr_mac;
wire [PORT_WIDTH-1:0]                 l2_wr_port;
wire [L2_INDEX_WIDTH-1:0]             l2_rd_index;
wire                                  l2_rd_valid;
wire [11:0]                           l2_rd_vid;
wire [47:0]                           l2_rd_mac;
wire [PORT_WIDTH-1:0]                 l2_rd_port;
wire                                  lpm_wr_en;
wire [fwd_pkg::LPM_INDEX_WIDTH-1:0]   lpm_wr_index;
wire                                  lpm_wr_valid;
wire [31:0]                           lpm_wr_prefix;
wire [5:0]                            lpm_wr_length;
wire [fwd_pkg::ECMP_INDEX_WIDTH-1:0]  lpm_wr_base;
wire [3:0]                            lpm_wr_count;
wire                                  ecmp_wr_en;
wire [fwd_pkg::ECMP_INDEX_WIDTH-1:0]  ecmp_wr_index;
wire [PORT_WIDTH-1:0]                 ecmp_wr_port;
wire                                  acl_wr_en;
wire [fwd_pkg::ACL_INDEX_WIDTH-1:0]   acl_wr_index;
wire                                  acl_wr_valid;
wire [fwd_pkg::ACL_KEY_WIDTH-1:0]     acl_wr_value;
wire [fwd_pkg::ACL_KEY_WIDTH-1:0]     acl_wr_mask;
wire [1:0]                            acl_wr_action;
wire [2:0]                            acl_wr_tc;

wire  dec_take = dec_valid_q && m_dec_ready;
dec_t dec_q = '0;

fwd_regs #(
    .PORTS(PORTS),
    .L2_SETS(L2_SETS),
    .L2_WAYS(L2_WAYS)
) regs_inst (
    .clk(clk),
    .rst(rst),
    .reg_valid(reg_valid),
    .reg_ready(reg_ready),
    .reg_write(reg_write),
    .reg_addr(reg_addr),
    .reg_wdata(reg_wdata),
    .reg_rvalid(reg_rvalid),
    .reg_rdata(reg_rdata),
    .cfg_flood_unknown(cfg_flood_unknown),
    .cfg_pvid(cfg_pvid),
    .cfg_max_frame(cfg_max_frame),
    .cfg_route_enable(cfg_route_enable),
    .cfg_router_mac(cfg_router_mac),
    .lpm_wr_en(lpm_wr_en),
    .lpm_wr_index(lpm_wr_index),
    .lpm_wr_valid(lpm_wr_valid),
    .lpm_wr_prefix(lpm_wr_prefix),
    .lpm_wr_length(lpm_wr_length),
    .lpm_wr_base(lpm_wr_base),
    .lpm_wr_count(lpm_wr_count),
    .ecmp_wr_en(ecmp_wr_en),
    .ecmp_wr_index(ecmp_wr_index),
    .ecmp_wr_port(ecmp_wr_port),
    .acl_wr_en(acl_wr_en),
    .acl_wr_index(acl_wr_index),
    .acl_wr_valid(acl_wr_valid),
    .acl_wr_value(acl_wr_value),
    .acl_wr_mask(acl_wr_mask),
    .acl_wr_action(acl_wr_action),
    .acl_wr_tc(acl_wr_tc),
    .l2_wr_en(l2_wr_en),
    .l2_wr_index(l2_wr_index),
    .l2_wr_valid(l2_wr_valid),
    .l2_wr_vid(l2_wr_vid),
    .l2_wr_mac(l2_wr_mac),
    .l2_wr_port(l2_wr_port),
    .l2_rd_index(l2_rd_index),
    .l2_rd_valid(l2_rd_valid),
    .l2_rd_vid(l2_rd_vid),
    .l2_rd_mac(l2_rd_mac),
    .l2_rd_port(l2_rd_port),
    .ev_rx(hdr_beat),
    .ev_rx_port(s_axis_tuser[PORT_WIDTH-1:0]),
    .ev_dec(dec_take),
    .ev_dec_drop(dec_q.drop),
    .ev_dec_reason(dec_q.reason),
    .ev_dec_flood(dec_q.flood),
    .ev_dec_port(dec_q.port)
);

/*
 * S2: L2 lookup on {VID, destination MAC} (untagged frames are in the port VLAN,
 * CTRL.PVID), L3/L4 parse
 */
wire [11:0]           s1_vid = p_vlan_count == 2'd0 ? cfg_pvid : p_vlan_id;
wire                  l2_hit;
wire [PORT_WIDTH-1:0] l2_port;

l2_table #(
    .SETS(L2_SETS),
    .WAYS(L2_WAYS),
    .PORT_WIDTH(PORT_WIDTH),
    .INDEX_WIDTH(L2_INDEX_WIDTH)
) l2_inst (
    .clk(clk),
    .rst(rst),
    .lookup_vid(s1_vid),
    .lookup_mac(p_dst_mac),
    .lookup_hit(l2_hit),
    .lookup_port(l2_port),
    .wr_en(l2_wr_en),
    .wr_index(l2_wr_index),
    .wr_valid(l2_wr_valid),
    .wr_vid(l2_wr_vid),
    .wr_mac(l2_wr_mac),
    .wr_port(l2_wr_port),
    .rd_index(l2_rd_index),
    .rd_valid(l2_rd_valid),
    .rd_vid(l2_rd_vid),
    .rd_mac(l2_rd_mac),
    .rd_port(l2_rd_port)
);

// the 64 bytes from the L3 header on (L3 at byte 14, 18 or 22: capture offset 0, 4, 8)
wire [3:0]   l3_cap = p_l3_offset[3:0] - 4'(CAP_FIRST);
// (through plain wires: Icarus Verilog 11 cannot index a struct member with a variable)
wire [8*CAP_BYTES-1:0] s1_cap = s1_q.cap;
wire [CAP_BYTES-1:0]   s1_present = s1_q.present;
wire [511:0] l3_bytes = s1_cap[8*l3_cap +: 512];
wire [63:0]  l3_present = s1_present[{3'd0, l3_cap} +: 64];
wire unused_l3 = ^{p_l3_offset[7:4]};

wire        l3_is_ipv4;
wire        l3_is_ipv6;
wire [31:0]  l3_ipv4_dst;
wire [127:0] l3_src_addr;
wire [127:0] l3_dst_addr;
wire [7:0]   l3_ttl;
wire [7:0]   l3_proto;
wire [15:0]  l3_l4_src;
wire [15:0]  l3_l4_dst;
wire         l3_l4_valid;
wire [7:0]  l3_flow_hash;
wire        l3_v4_truncated;
wire        l3_v4_bad_header;
wire        l3_v4_bad_csum;
wire        l3_v4_bad_length;

l3_parser l3_inst (
    .l3(l3_bytes),
    .present(l3_present),
    .ethertype(p_ethertype),
    .l3_offset(p_l3_offset),
    .frame_bytes(p_user[PORT_WIDTH +: 16]),
    .is_ipv4(l3_is_ipv4),
    .is_ipv6(l3_is_ipv6),
    .ipv4_dst(l3_ipv4_dst),
    .src_addr(l3_src_addr),
    .dst_addr(l3_dst_addr),
    .ttl(l3_ttl),
    .proto(l3_proto),
    .l4_src(l3_l4_src),
    .l4_dst(l3_l4_dst),
    .l4_valid(l3_l4_valid),
    .flow_hash(l3_flow_hash),
    .v4_truncated(l3_v4_truncated),
    .v4_bad_header(l3_v4_bad_header),
    .v4_bad_csum(l3_v4_bad_csum),
    .v4_bad_length(l3_v4_bad_length)
);

// traffic class: PCP of a tagged frame, else the class selector (DSCP[5:3]) of IPv4/IPv6
logic [2:0] s1_tc;
always_comb begin
    if (p_vlan_count != 2'd0) begin
        s1_tc = p_pcp;
    end else if (l3_is_ipv4) begin
        s1_tc = l3_bytes[15:13];   // TOS = DSCP[5:0], ECN[1:0]
    end else if (l3_is_ipv6) begin
        s1_tc = l3_bytes[3:1];     // version[3:0], traffic class[7:4] = DSCP[5:2] ...
    end else begin
        s1_tc = 3'd0;
    end
end

// routed frames: checks in priority order (0: none)
wire  s1_routed = cfg_route_enable && p_dst_mac == cfg_router_mac;
logic [REASON_WIDTH-1:0] s1_l3_reason;
always_comb begin
    if (!l3_is_ipv4) begin
        s1_l3_reason = fwd_pkg::REASON_UNKNOWN_ETHERTYPE;
    end else if (l3_v4_truncated) begin
        s1_l3_reason = fwd_pkg::REASON_TRUNCATED;
    end else if (l3_v4_bad_header) begin
        s1_l3_reason = fwd_pkg::REASON_BAD_IPV4_HEADER;
    end else if (l3_v4_bad_csum) begin
        s1_l3_reason = fwd_pkg::REASON_BAD_IPV4_CHECKSUM;
    end else if (l3_v4_bad_length) begin
        s1_l3_reason = fwd_pkg::REASON_BAD_IPV4_LENGTH;
    end else if (l3_ttl <= 8'd1) begin
        s1_l3_reason = fwd_pkg::REASON_TTL_EXPIRED;
    end else begin
        s1_l3_reason = fwd_pkg::REASON_NONE;
    end
end

// the parser's record; the S-tag TCI is frame bytes 14..15 (capture bytes 0..1)
hdr_t s1_hdr;
always_comb begin
    s1_hdr.ethertype   = p_ethertype;
    s1_hdr.vlan_count  = p_vlan_count;
    s1_hdr.outer_vid   = p_vlan_count == 2'd2 ? {s1_cap[3:0], s1_cap[15:8]} : 12'd0;
    s1_hdr.vid         = p_vlan_id;
    s1_hdr.pcp         = p_pcp;
    s1_hdr.src         = l3_src_addr;
    s1_hdr.dst         = l3_dst_addr;
    s1_hdr.proto       = l3_proto;
    s1_hdr.ttl         = l3_ttl;
    s1_hdr.l4_valid    = l3_l4_valid;
    s1_hdr.l4_src      = l3_l4_src;
    s1_hdr.l4_dst      = l3_l4_dst;
    s1_hdr.ipv4_checks = l3_is_ipv4 ? {l3_v4_truncated, l3_v4_bad_header, l3_v4_bad_csum, l3_v4_bad_length}
                                    : 4'd0;
end

// the source port, zero-extended to the ACL key's port field
wire [ACL_PORT_WIDTH-1:0] acl_src = ACL_PORT_WIDTH'(p_user[PORT_WIDTH-1:0]);

logic s2_valid_q = 1'b0;
s2_t  s2_q = '0;

always_ff @(posedge clk) begin
    if (adv) begin
        s2_valid_q        <= p_valid;
        s2_q.f.src        <= p_user[PORT_WIDTH-1:0];
        s2_q.f.len        <= p_user[PORT_WIDTH +: 16];
        s2_q.f.group      <= p_dst_mac[40];
        s2_q.f.runt       <= p_runt;
        s2_q.f.tc         <= s1_tc;
        s2_q.f.hit        <= l2_hit;
        s2_q.f.port       <= l2_port;
        s2_q.f.routed     <= s1_routed;
        s2_q.f.l3_reason  <= s1_l3_reason;
        s2_q.f.flow_hash  <= l3_flow_hash;
        s2_q.f.stamp      <= s1_q.stamp;
        s2_q.f.hdr        <= s1_hdr;
        s2_q.ipv4_dst     <= l3_ipv4_dst;
        s2_q.acl_key      <= {acl_src, p_ethertype, l3_proto, l3_l4_dst};
    end
    if (rst) begin
        s2_valid_q <= 1'b0;
    end
end

/*
 * S3: IPv4 LPM, ACL
 */
wire                                  lpm_hit;
wire [fwd_pkg::ECMP_INDEX_WIDTH-1:0]  lpm_base;
wire [3:0]                            lpm_count;

ipv4_lpm #(
    .ENTRIES(fwd_pkg::LPM_ENTRIES)
) lpm_inst (
    .clk(clk),
    .rst(rst),
    .lookup_addr(s2_q.ipv4_dst),
    .lookup_hit(lpm_hit),
    .lookup_base(lpm_base),
    .lookup_count(lpm_count),
    .wr_en(lpm_wr_en),
    .wr_index(lpm_wr_index),
    .wr_valid(lpm_wr_valid),
    .wr_prefix(lpm_wr_prefix),
    .wr_length(lpm_wr_length),
    .wr_base(lpm_wr_base),
    .wr_count(lpm_wr_count)
);

wire       acl_hit;
wire [1:0] acl_action;
wire [2:0] acl_tc;

acl_table #(
    .ENTRIES(fwd_pkg::ACL_ENTRIES)
) acl_inst (
    .clk(clk),
    .rst(rst),
    .key(s2_q.acl_key),
    .hit(acl_hit),
    .action(acl_action),
    .tc(acl_tc),
    .wr_en(acl_wr_en),
    .wr_index(acl_wr_index),
    .wr_valid(acl_wr_valid),
    .wr_value(acl_wr_value),
    .wr_mask(acl_wr_mask),
    .wr_action(acl_wr_action),
    .wr_tc(acl_wr_tc)
);

logic s3_valid_q = 1'b0;
s3_t  s3_q = '0;

always_ff @(posedge clk) begin
    if (adv) begin
        s3_valid_q      <= s2_valid_q;
        s3_q.f          <= s2_q.f;
        s3_q.lpm_hit    <= lpm_hit;
        s3_q.lpm_base   <= lpm_base;
        s3_q.lpm_count  <= lpm_count;
        s3_q.acl_drop   <= acl_hit && acl_action == fwd_pkg::ACL_DROP;
        s3_q.acl_set_tc <= acl_hit && acl_action == fwd_pkg::ACL_SET_CLASS;
        s3_q.acl_tc     <= acl_tc;
    end
    if (rst) begin
        s3_valid_q <= 1'b0;
    end
end

/*
 * S4: ECMP member, decision
 */
wire [PORT_WIDTH-1:0] ecmp_port;

ecmp_select #(
    .MEMBERS(fwd_pkg::ECMP_MEMBERS),
    .PORT_WIDTH(PORT_WIDTH)
) ecmp_inst (
    .clk(clk),
    .base(s3_q.lpm_base),
    .count(s3_q.lpm_count),
    .flow_hash(s3_q.f.flow_hash),
    .port(ecmp_port),
    .wr_en(ecmp_wr_en),
    .wr_index(ecmp_wr_index),
    .wr_port(ecmp_wr_port)
);

logic                     drop;
logic [REASON_WIDTH-1:0]  reason;
logic                     flood;
logic [PORT_WIDTH-1:0]    out_port;

always_comb begin
    drop = 1'b1;
    flood = 1'b0;
    out_port = '0;
    if (s3_q.f.len < 16'(fwd_pkg::MIN_FRAME)) begin
        reason = fwd_pkg::REASON_RUNT;
    end else if (s3_q.f.runt) begin
        reason = fwd_pkg::REASON_TRUNCATED;
    end else if (s3_q.f.len > cfg_max_frame) begin
        reason = fwd_pkg::REASON_OVERSIZE;
    end else if (s3_q.f.routed) begin
        if (s3_q.f.l3_reason != fwd_pkg::REASON_NONE) begin
            reason = s3_q.f.l3_reason;
        end else if (!s3_q.lpm_hit) begin
            reason = fwd_pkg::REASON_NO_ROUTE;
        end else begin
            reason = fwd_pkg::REASON_NONE;
            drop = 1'b0;
            out_port = ecmp_port;
        end
    end else if (s3_q.f.group || (!s3_q.f.hit && cfg_flood_unknown)) begin
        reason = fwd_pkg::REASON_NONE;
        drop = 1'b0;
        flood = 1'b1;
    end else if (s3_q.f.hit) begin
        reason = fwd_pkg::REASON_NONE;
        drop = 1'b0;
        out_port = s3_q.f.port;
    end else begin
        reason = fwd_pkg::REASON_L2_MISS;
    end
    if (!drop && s3_q.acl_drop) begin
        drop = 1'b1;
        flood = 1'b0;
        out_port = '0;
        reason = fwd_pkg::REASON_ACL_DENY;
    end
end

wire [PORTS-1:0] src_bit = {{(PORTS-1){1'b0}}, 1'b1} << s3_q.f.src;
wire [PORTS-1:0] port_bit = {{(PORTS-1){1'b0}}, 1'b1} << out_port;

always_ff @(posedge clk) begin
    if (adv) begin
        dec_valid_q    <= s3_valid_q;
        dec_q.drop     <= drop;
        dec_q.reason   <= reason;
        dec_q.flood    <= flood;
        dec_q.port     <= out_port;
        dec_q.mask     <= drop ? '0 : (flood ? ~src_bit : port_bit);
        dec_q.tc       <= s3_q.acl_set_tc ? s3_q.acl_tc : s3_q.f.tc;
        dec_q.src      <= s3_q.f.src;
        dec_q.latency  <= cycle_q - s3_q.f.stamp + 16'd1;
        dec_q.hdr      <= s3_q.f.hdr;
    end
    if (rst) begin
        dec_valid_q <= 1'b0;
    end
end

assign m_dec_valid = dec_valid_q;
assign m_dec_drop = dec_q.drop;
assign m_dec_reason = dec_q.reason;
assign m_dec_flood = dec_q.flood;
assign m_dec_port = dec_q.port;
assign m_dec_mask = dec_q.mask;
assign m_dec_tc = dec_q.tc;
assign m_dec_src_port = dec_q.src;
assign m_dec_latency = dec_q.latency;
assign m_dec_hdr_ethertype = dec_q.hdr.ethertype;
assign m_dec_hdr_vlan_count = dec_q.hdr.vlan_count;
assign m_dec_hdr_outer_vid = dec_q.hdr.outer_vid;
assign m_dec_hdr_vid = dec_q.hdr.vid;
assign m_dec_hdr_pcp = dec_q.hdr.pcp;
assign m_dec_hdr_src = dec_q.hdr.src;
assign m_dec_hdr_dst = dec_q.hdr.dst;
assign m_dec_hdr_proto = dec_q.hdr.proto;
assign m_dec_hdr_ttl = dec_q.hdr.ttl;
assign m_dec_hdr_l4_valid = dec_q.hdr.l4_valid;
assign m_dec_hdr_l4_src = dec_q.hdr.l4_src;
assign m_dec_hdr_l4_dst = dec_q.hdr.l4_dst;
assign m_dec_hdr_ipv4_checks = dec_q.hdr.ipv4_checks;

`ifndef SYNTHESIS
// decision handshake and consistency (Verilator: --assert)
assert property (@(posedge clk) disable iff (rst)
    m_dec_valid && !m_dec_ready |=> m_dec_valid)
    else $error("fwd_pipeline: m_dec_valid dropped before m_dec_ready");

// a stalled decision must not change: a copy kept only while stalled (as in
// eth_header_parser, $stable() would copy the record on every clock)
/* verilator coverage_off */
logic dec_stalled_q = 1'b0;
dec_t dec_held_q;
always_ff @(posedge clk) begin
    if (!rst && dec_stalled_q) begin
        assert (dec_q === dec_held_q) else $error("fwd_pipeline: decision changed while stalled");
    end
    dec_stalled_q <= !rst && m_dec_valid && !m_dec_ready;
    if (m_dec_valid && !m_dec_ready) begin
        dec_held_q <= dec_q;
    end
end
/* verilator coverage_on */

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid |-> (m_dec_drop == (m_dec_reason != fwd_pkg::REASON_NONE)) && !(m_dec_drop && m_dec_flood))
    else $error("fwd_pipeline: drop flag and reason disagree");

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid && !m_dec_drop && !m_dec_flood |-> $onehot(m_dec_mask) && {{(32-PORT_WIDTH){1'b0}}, m_dec_port} < PORTS)
    else $error("fwd_pipeline: unicast decision without a single valid egress port");

// backpressure only comes from the decision output
assert property (@(posedge clk) disable iff (rst)
    !s_axis_tready |-> m_dec_valid && !m_dec_ready)
    else $error("fwd_pipeline: input stalled while the output is not");

assert property (@(posedge clk) disable iff (rst)
    m_dec_valid |-> m_dec_latency >= 16'(fwd_pkg::DEPTH))
    else $error("fwd_pipeline: decision faster than the pipeline depth");
`endif

endmodule

`resetall
