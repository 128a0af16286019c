// The register map of the forwarding pipeline (rtl/fwd_regs.sv), shared by the C++ golden
// model, the RTL adapter and the software that programs them. Byte addresses of 32-bit
// registers; docs/pipeline.md documents every field.
//
// rtl/fwd_pkg.sv defines every value here (reason codes, table sizes, addresses, flag bits,
// reset values); the test pipeline_constants (tests/pipeline/constants_main.cpp) parses it and
// fails, naming the constant, where this file differs. Change both together.
#pragma once

#include <cstdint>

namespace cposim::fwd {

// Geometry of the RTL as built (rtl/fwd_pipeline.sv parameter defaults).
constexpr int kPorts = 64;            // switch ports the pipeline serves (fwd_pkg::PORTS_DEFAULT)
constexpr int kPortBits = 6;          // a port number: tuser, m_dec_port (log2 kPorts)
constexpr int kPortsMax = 64;         // ports the register map can count (words per bank)
constexpr int kPortFieldBits = 6;     // port fields of registers and the ACL key
constexpr int kL2Sets = 32;           // L2 table sets (power of two)
constexpr int kL2Ways = 4;            // L2 table ways per set
constexpr int kL2Entries = kL2Sets * kL2Ways;
constexpr int kDepth = 4;             // clocks from header handshake to decision, no stall
constexpr int kLpmEntries = 16;       // IPv4 prefixes
constexpr int kEcmpMembers = 32;      // ECMP member table entries
constexpr int kEcmpGroupMax = 8;      // members of one ECMP group at most (larger: clamped)
constexpr int kAclEntries = 8;        // ternary ACL entries
constexpr int kAclKeyBits = 46;       // ACL key: {src_port, ethertype, ip_proto, l4_dst}
constexpr int kHeaderBytes = 128;     // AXI-Stream width: the header slice, bytes
constexpr uint32_t kMinFrameBytes = 64;
constexpr int kRegAddrBits = 12;      // reg_addr
constexpr uint32_t kRegAddrMask = (1u << kRegAddrBits) - 1;
static_assert(kPorts == 1 << kPortBits && kPorts <= kPortsMax && kPortsMax == 1 << kPortFieldBits,
              "port numbers: kPorts is a power of two, at most what the register map counts");
static_assert(kAclKeyBits == kPortFieldBits + 16 + 8 + 16, "ACL key layout");

constexpr uint32_t kIdValue = 0x43504F31;  // "CPO1"

enum Reg : uint32_t {
    ID = 0x000,             // RO  0x43504F31
    PORTS = 0x004,          // RO  number of ports
    CTRL = 0x008,           // RW  [0] flood unknown unicast, [27:16] port VLAN (PVID)
    MAX_FRAME = 0x00C,      // RW  [15:0] largest accepted frame, bytes
    L2_MAC_LO = 0x010,      // RW  staging: MAC bits 31..0
    L2_MAC_HI = 0x014,      // RW  staging: [15:0] MAC bits 47..32, [27:16] VID
    L2_RESULT = 0x018,      // RW  staging: [5:0] egress port, [31] valid
    L2_CMD = 0x01C,         // WO  [15:0] entry index (set*WAYS+way); [31] write staging
                            //     to the entry, else [30] read the entry into staging
    FLOOD_COUNT = 0x020,    // RO  flooded frames
    COUNTER_CLEAR = 0x024,  // WO  any write zeroes every counter
    L2_SETS = 0x028,        // RO
    L2_WAYS = 0x02C,        // RO
    DEPTH = 0x030,          // RO  pipeline depth, clocks
    ROUTER_MAC_LO = 0x034,  // RW  router MAC bits 31..0
    ROUTER_MAC_HI = 0x038,  // RW  [15:0] router MAC bits 47..32, [31] routing enable
    LPM_PREFIX = 0x040,     // RW  staging: IPv4 prefix
    LPM_RESULT = 0x044,     // RW  staging: [5:0] length, [12:8] ECMP base, [19:16] ECMP
                            //     members (1..8), [31] valid
    LPM_CMD = 0x048,        // WO  [3:0] entry, [31] write staging to the entry
    ECMP_CMD = 0x04C,       // WO  [4:0] member, [13:8] egress port, [31] write
    ACL_VAL_LO = 0x050,     // RW  staging: key value bits 31..0 ({ethertype[7:0]...})
    ACL_VAL_HI = 0x054,     // RW  staging: key value bits 45..32
    ACL_MASK_LO = 0x058,    // RW  staging: key mask bits 31..0
    ACL_MASK_HI = 0x05C,    // RW  staging: key mask bits 45..32
    ACL_CMD = 0x060,        // WO  [2:0] entry, [9:8] action, [14:12] class, [30] valid,
                            //     [31] write
    REASON_COUNT = 0x100,   // RO  +4*code: decisions per reason code (0 = forwarded)
    RX_COUNT = 0x200,       // RO  +4*port: headers accepted per source port
    TX_COUNT = 0x300,       // RO  +4*port: unicast forwards per egress port
};

constexpr uint32_t kCtrlFloodUnknown = 1u << 0;
constexpr int kCtrlPvidShift = 16;
constexpr uint32_t kL2CmdWrite = 1u << 31;
constexpr uint32_t kL2CmdRead = 1u << 30;
constexpr uint32_t kL2ResultValid = 1u << 31;
constexpr uint32_t kLpmResultValid = 1u << 31;

constexpr uint32_t kRouteEnable = 1u << 31;
constexpr uint32_t kTableWrite = 1u << 31;  // LPM_CMD, ECMP_CMD, ACL_CMD
constexpr uint32_t kAclValid = 1u << 30;
enum class AclAction : uint8_t { permit = 0, drop = 1, set_class = 2 };
// ACL key: {src_port[5:0], ethertype[15:0], ip_proto[7:0], l4_dst[15:0]}
constexpr uint64_t acl_key(uint32_t src_port, uint32_t ethertype, uint32_t proto, uint32_t l4_dst) {
    return (uint64_t{src_port & ((1u << kPortFieldBits) - 1)} << 40) |
           (uint64_t{ethertype & 0xFFFF} << 24) | (uint64_t{proto & 0xFF} << 16) | (l4_dst & 0xFFFF);
}

constexpr uint32_t kResetPvid = 1;
constexpr uint32_t kResetMaxFrame = 9216;

// Reason codes on m_dec_reason, in priority order (0: forwarded).
enum class ReasonCode : uint8_t {
    none = 0,
    runt = 1,            // frame shorter than 64 bytes
    truncated = 2,       // header slice ends inside the L2 header (or a routed IPv4 header)
    oversize = 3,        // frame longer than MAX_FRAME
    l2_miss = 4,         // bridged: unicast destination not in the L2 table, flooding off
    unknown_ethertype = 5,  // routed frame that is not IPv4
    bad_ipv4_header = 6,    // routed: version != 4 or IHL < 5
    bad_ipv4_checksum = 7,  // routed: IPv4 header checksum wrong
    bad_ipv4_length = 8,    // routed: total length shorter than the header or past the frame
    ttl_expired = 9,        // routed: TTL <= 1
    no_route = 10,          // routed: no LPM entry matches
    acl_deny = 11,          // an ACL entry with action drop matched
};
constexpr int kReasonCodes = 16;

const char* reason_code_name(uint8_t code);

}  // namespace cposim::fwd
