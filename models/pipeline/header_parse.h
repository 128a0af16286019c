// The parse stages of rtl/fwd_pipeline.sv in C++, bit-exact: S1 (eth_header_parser.sv: the
// tags) and S2's L3/L4 parse (l3_parser.sv). The golden model decides from it; `cposim
// classify` and the capture replay read the fields it extracted. Bytes past the slice's
// valid bytes read as zero, as the RTL's lanes with tkeep clear do.
#pragma once

#include <cstdint>

#include "header_slice.h"
#include "pipeline_decision.h"

namespace cposim::fwd {

struct ParsedHeader {
    HeaderFields fields;      // what the RTL reports beside the decision (m_dec_hdr_*)
    uint64_t dst_mac = 0;
    bool l2_truncated = false;  // m_runt: the slice ends before the last tag byte decoded
    int l3_offset = 14;         // 14, 18 or 22
    bool is_ipv4 = false, is_ipv6 = false;
    uint8_t tc = 0;             // PCP if tagged, else DSCP[5:3] of IPv4/IPv6, else 0
    uint32_t ipv4_dst = 0;      // L3 bytes 16..19 whatever the EtherType: the LPM key
    uint8_t flow_hash = 0;      // XOR of the 13 bytes of {src, dst, proto, sport, dport}
};

// checksum_and_hash: false leaves the IPv4 checksum bit clear and the flow hash 0 (the golden
// model skips them where they do not decide).
ParsedHeader parse_header(const HeaderSlice& slice, bool checksum_and_hash = true);
// S1 alone and the traffic class: dst_mac, the tags, EtherType, l3_offset, l2_truncated,
// is_ipv4/is_ipv6, tc; the L3 and L4 fields left zero (what decides a bridged frame).
ParsedHeader parse_l2(const HeaderSlice& slice);

}  // namespace cposim::fwd
