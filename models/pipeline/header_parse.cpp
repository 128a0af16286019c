#include "header_parse.h"

#include <array>
#include <cstring>

namespace cposim::fwd {

namespace {

// The slice's bytes, those past valid_bytes read as zero (lanes past the slice, as the RTL
// sees them), up to byte `need` (a multiple of 16): the slice itself where it holds them
// all, else a masked copy, so that every read of the parser is a plain load rather than a
// comparison with the slice's length. The copy masks 16 lanes a step by comparing their
// numbers with the length (GCC/Clang vector types), without a branch: a zero fill and a
// memcpy of the valid bytes mispredicted one a frame.
const uint8_t* zero_past_valid(const HeaderSlice& slice, std::array<uint8_t, kHeaderBytes>& padded, int need) {
    const int valid = slice.valid_bytes;
    if (valid >= need) return slice.bytes.data();
    using Lanes = uint8_t __attribute__((vector_size(16)));
    const Lanes first = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    const Lanes limit = Lanes{} + static_cast<uint8_t>(valid);  // valid < 128: lane numbers do not wrap
    for (int i = 0; i < need; i += 16) {
        Lanes lanes;
        std::memcpy(&lanes, slice.bytes.data() + i, 16);
        lanes &= reinterpret_cast<Lanes>(first + static_cast<uint8_t>(i) < limit);
        std::memcpy(padded.data() + i, &lanes, 16);
    }
    return padded.data();
}

uint32_t be16_at(const uint8_t* bytes, int i) {  // one load, byte-swapped
    uint16_t v;
    std::memcpy(&v, bytes + i, 2);
    return __builtin_bswap16(v);
}

// S1, eth_header_parser (bytes 0..21): destination MAC, tags, EtherType, where L3 begins and
// whether the slice ends before the last tag byte decoded.
void parse_l2_header(const uint8_t* bytes, int valid, ParsedHeader& p) {
    HeaderFields& f = p.fields;
    uint64_t first8;
    std::memcpy(&first8, bytes, 8);
    p.dst_mac = __builtin_bswap64(first8) >> 16;
    const uint32_t type12 = be16_at(bytes, 12), tci14 = be16_at(bytes, 14), type16 = be16_at(bytes, 16),
                   tci18 = be16_at(bytes, 18), type20 = be16_at(bytes, 20);
    // The tags by masks, not branches: whether a frame is tagged is data (random in a switch
    // run's synthesized frames), and GCC compiled conditional expressions here to branches,
    // mispredicted every other frame.
    const bool c_tag = type12 == 0x8100;                                 // 802.1Q
    const bool s_type = type12 == 0x88A8;                                // 802.1ad
    const bool s_tag = !c_tag & s_type & (type16 == 0x8100);             // 802.1ad + 802.1Q
    const uint32_t c = 0u - c_tag, s = 0u - s_tag, tagged = c | s;
    const uint32_t tci = (tci18 & s) | (tci14 & ~s);
    f.vlan_count = static_cast<uint8_t>(c_tag + 2 * s_tag);
    f.vid = static_cast<uint16_t>(tci & 0xFFF & tagged);
    f.pcp = static_cast<uint8_t>((tci >> 13) & tagged);
    f.outer_vid = static_cast<uint16_t>(tci14 & 0xFFF & s);
    p.l2_truncated = valid <= 13 + 4 * (c_tag | s_type) + 4 * s_tag;  // the last tag byte: 13, 17 or 21
    f.ethertype = static_cast<uint16_t>((type16 & c) | (type20 & s) | (type12 & ~tagged));
    p.l3_offset = 14 + 4 * f.vlan_count;
    p.is_ipv4 = f.ethertype == 0x0800;
    p.is_ipv6 = f.ethertype == 0x86DD;
}

// Traffic class: PCP if tagged, else DSCP[5:3] of IPv4 (TOS) or IPv6 (traffic class).
uint8_t traffic_class(const uint8_t* bytes, const ParsedHeader& p) {
    const int l3 = p.l3_offset;  // selected by masks, as the tags
    const uint32_t v4 = 0u - p.is_ipv4, v6 = 0u - p.is_ipv6, tagged = 0u - (p.fields.vlan_count != 0);
    const uint32_t dscp_class = ((bytes[l3 + 1] >> 5) & v4) | (((bytes[l3] >> 1) & 7) & v6);
    return static_cast<uint8_t>((p.fields.pcp & tagged) | (dscp_class & ~tagged));
}

}  // namespace

ParsedHeader parse_l2(const HeaderSlice& slice) {
    ParsedHeader p;
    alignas(16) std::array<uint8_t, kHeaderBytes> padded;
    const uint8_t* bytes = zero_past_valid(slice, padded, 32);  // reads bytes 0..23
    parse_l2_header(bytes, slice.valid_bytes, p);
    p.tc = traffic_class(bytes, p);
    return p;
}

ParsedHeader parse_header(const HeaderSlice& slice, bool checksum_and_hash) {
    ParsedHeader p;
    HeaderFields& f = p.fields;
    const int valid = slice.valid_bytes;
    alignas(16) std::array<uint8_t, kHeaderBytes> padded;
    const uint8_t* bytes = zero_past_valid(slice, padded, kHeaderBytes);  // reads bytes 0..85
    auto byte = [bytes](int i) -> uint32_t { return bytes[i]; };
    auto be16 = [bytes](int i) { return be16_at(bytes, i); };
    parse_l2_header(bytes, valid, p);
    const int l3 = p.l3_offset;

    // S2, l3_parser: the 64 bytes from the L3 header on
    auto l3b = [&](int i) { return byte(l3 + i); };
    auto present = [&](int i) { return l3 + i < valid; };
    const uint32_t version = l3b(0) >> 4, ihl = l3b(0) & 0xF;
    const uint32_t total_length = (l3b(2) << 8) | l3b(3);
    const int hdr_bytes = ihl < 5 ? 20 : static_cast<int>(4 * ihl);
    uint32_t sum = 0xFFFF;  // ones' complement sum of the header (0xFFFF: valid)
    if (checksum_and_hash && p.is_ipv4) {
        sum = 0;
        for (uint32_t w = 0; w < 30 && w < 2 * ihl; ++w) sum += be16(l3 + 2 * static_cast<int>(w));
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = ((sum & 0xFFFF) + (sum >> 16)) & 0xFFFF;
    }
    f.proto = static_cast<uint8_t>(p.is_ipv4 ? l3b(9) : p.is_ipv6 ? l3b(6) : 0);
    f.ttl = static_cast<uint8_t>(p.is_ipv4 ? l3b(8) : p.is_ipv6 ? l3b(7) : 0);
    const uint32_t frag_offset = ((l3b(6) & 0x1F) << 8) | l3b(7);
    const int l4_at = p.is_ipv4 ? hdr_bytes : 40;
    // ports: UDP/TCP, only from a well-formed header whose datagram holds them (IPv4: the
    // first fragment)
    const bool v4_l4 = version == 4 && ihl >= 5 && frag_offset == 0 &&
                       total_length >= static_cast<uint32_t>(hdr_bytes) + 4;
    const bool v6_l4 = version == 6 && ((l3b(4) << 8) | l3b(5)) >= 4;  // IPv6 payload length
    const bool l4_known = ((p.is_ipv4 && v4_l4) || (p.is_ipv6 && v6_l4)) && (f.proto == 6 || f.proto == 17);
    f.l4_src = static_cast<uint16_t>(l4_known ? (l3b(l4_at) << 8) | l3b(l4_at + 1) : 0);
    f.l4_dst = static_cast<uint16_t>(l4_known ? (l3b(l4_at + 2) << 8) | l3b(l4_at + 3) : 0);
    f.l4_valid = l4_known && present(l4_at + 3);
    p.ipv4_dst = (l3b(16) << 24) | (l3b(17) << 16) | (l3b(18) << 8) | l3b(19);
    if (p.is_ipv6) {
        std::memcpy(f.src.data(), bytes + l3 + 8, 16);
        std::memcpy(f.dst.data(), bytes + l3 + 24, 16);
    } else if (p.is_ipv4) {
        std::memcpy(f.src.data() + 12, bytes + l3 + 12, 4);
        std::memcpy(f.dst.data() + 12, bytes + l3 + 16, 4);
    }
    // 5-tuple {src, dst, proto, sport, dport} folded to 8 bits: bit i -> i mod 8, i.e. the
    // XOR of its 13 bytes (IPv4 address positions whatever the EtherType)
    if (checksum_and_hash) {
        uint32_t h = f.proto ^ (f.l4_src >> 8) ^ f.l4_src ^ (f.l4_dst >> 8) ^ f.l4_dst;
        for (int i = 12; i < 20; ++i) h ^= l3b(i);
        p.flow_hash = static_cast<uint8_t>(h);
    }
    if (p.is_ipv4) {
        const bool truncated = l3 + hdr_bytes - 1 >= valid;
        const bool bad_header = version != 4 || ihl < 5;
        const bool bad_length = total_length < static_cast<uint32_t>(hdr_bytes) ||
                                total_length + static_cast<uint32_t>(l3) + 4 > slice.frame_bytes;
        f.ipv4_checks = static_cast<uint8_t>((truncated ? HeaderFields::kIpv4Truncated : 0) |
                                             (bad_header ? HeaderFields::kIpv4BadHeader : 0) |
                                             (sum != 0xFFFF ? HeaderFields::kIpv4BadChecksum : 0) |
                                             (bad_length ? HeaderFields::kIpv4BadLength : 0));
    }
    p.tc = traffic_class(bytes, p);
    return p;
}

}  // namespace cposim::fwd
