#include "frame_builder.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <array>

namespace cposim::fwd {

namespace {

constexpr int kFcsBytes = 4;
constexpr int kIpv4Bytes = 20, kIpv6Bytes = 40, kUdpBytes = 8;

uint64_t mix(uint64_t x) {  // SplitMix64 finaliser: well-spread bits from a packet id
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Writes big-endian fields through a cursor into a fixed buffer (the builder runs once
// per packet: no allocation, no zeroing, and a cursor the compiler keeps in a register,
// where a byte count beside the bytes would be reloaded after every byte store). A field
// is one store of its byte-swapped value, not a store per byte.
struct Writer {
    uint8_t* p;
    void u8(uint32_t v) { *p++ = static_cast<uint8_t>(v); }
    void u16(uint32_t v) {
        const uint16_t be = __builtin_bswap16(static_cast<uint16_t>(v));
        std::memcpy(p, &be, 2);
        p += 2;
    }
    void u32(uint32_t v) {
        const uint32_t be = __builtin_bswap32(v);
        std::memcpy(p, &be, 4);
        p += 4;
    }
    // 8 bytes stored, 6 kept: the two after a MAC are always written next (the other MAC
    // or the EtherType), and the slice's 128 bytes hold them.
    void mac(uint64_t m) {
        const uint64_t be = __builtin_bswap64(m << 16);
        std::memcpy(p, &be, 8);
        p += 6;
    }
};

}  // namespace

uint16_t ones_complement_sum(const uint8_t* data, int bytes, uint32_t initial) {
    uint32_t sum = initial;
    for (int i = 0; i + 1 < bytes; i += 2) sum += (uint32_t{data[i]} << 8) | data[i + 1];
    if (bytes & 1) sum += uint32_t{data[bytes - 1]} << 8;
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<uint16_t>(sum);
}

// fields_for and build_frame, inlined into build_frame(Packet) too: there the compiler keeps
// the fields in registers rather than writing a whole FrameFields out and reading it back
// (golden runs: 98 instructions a frame).
[[gnu::always_inline]] static inline FrameFields fields_of(const Packet& packet) {
    FrameFields f;
    const uint64_t id = packet.id;
    const uint64_t h = mix(id);
    const int src = packet.src_port & 0xFF, dst = packet.dst_port & 0xFF;
    f.frame_bytes = static_cast<uint16_t>(std::min<uint32_t>(packet.bytes, 0xFFFF));
    f.src_port = static_cast<uint8_t>(src);
    f.dst_mac = destination_mac(packet);
    f.src_mac = host_mac(src);
    f.vlan_tags = (h & 1) ? 1 : 0;
    f.vid = 1;
    f.pcp = packet.traffic_class & 7;
    f.dscp = static_cast<uint8_t>((packet.traffic_class & 7) << 3);
    const int l2 = 14 + 4 * f.vlan_tags;
    const bool v6_fits = packet.bytes >= static_cast<uint32_t>(l2 + kIpv6Bytes + kUdpBytes + kFcsBytes);
    f.l3 = ((h >> 1) & 1) && v6_fits ? L3Kind::ipv6 : L3Kind::ipv4;
    f.ttl = 64;
    f.ip_proto = 17;
    f.ipv4_dst = (10u << 24) | (static_cast<uint32_t>(dst) << 16) | (id & 0xFFFF);
    f.ipv4_src = (10u << 24) | (static_cast<uint32_t>(src) << 16) | 0xFF01;
    f.ipv6_dst[0] = 0xFD;
    f.ipv6_dst[7] = static_cast<uint8_t>(dst);
    for (int i = 0; i < 4; ++i) f.ipv6_dst[12 + i] = static_cast<uint8_t>(id >> (24 - 8 * i));
    f.ipv6_src[0] = 0xFD;
    f.ipv6_src[7] = static_cast<uint8_t>(src);
    f.ipv6_src[15] = 1;
    f.ip_ident = static_cast<uint16_t>(id);
    f.flow_label = static_cast<uint32_t>(id & 0xFFFFF);
    f.l4_src = static_cast<uint16_t>(49152 + (id & 0x3FFF));
    f.l4_dst = 4791;
    return f;
}

[[gnu::always_inline]] static inline HeaderSlice write_frame(const FrameFields& f) {
    // Written straight into the slice: the longest header, 22 (two tags) + 60 (IPv4
    // options) + 20 (TCP) bytes, fits its 128; bytes past the frame's end are zeroed below.
    HeaderSlice s;
    uint8_t* const b = s.bytes.data();
    Writer w{b};
    w.mac(f.dst_mac);
    w.mac(f.src_mac);
    if (f.vlan_tags >= 2) {
        w.u16(0x88A8);
        w.u16(f.outer_vid & 0xFFF);
    }
    if (f.vlan_tags >= 1) {
        w.u16(0x8100);
        w.u16((uint32_t{f.pcp} << 13) | (f.vid & 0xFFF));
    }
    const int l2 = static_cast<int>(w.p - b) + 2;
    // lengths as the frame has them; may be inconsistent for frames too short (tests want that)
    const int l3_len = f.frame_bytes - l2 - kFcsBytes;
    if (f.l3 == L3Kind::ipv4) {
        w.u16(0x0800);
        uint8_t* const ip = w.p;
        const int opt = std::min<int>(f.ipv4_option_words, 10);
        w.u8(0x45 + opt);
        w.u8(uint32_t{f.dscp} << 2);
        w.u16(static_cast<uint32_t>(l3_len));
        w.u16(f.ip_ident);
        w.u16(f.ipv4_flags_fragment);
        w.u8(f.ttl);
        w.u8(f.ip_proto);
        w.u16(0);  // checksum, below
        w.u32(f.ipv4_src);
        w.u32(f.ipv4_dst);
        for (int i = 0; i < 4 * opt; ++i) w.u8(1);  // NOP options
        // The header checksum from the words just written, summed from the fields (reading
        // the bytes back would stall on stores not yet forwarded). NOP options are 0x0101.
        const uint32_t src = f.ipv4_src, dst = f.ipv4_dst;
        uint32_t sum = (((0x45u + static_cast<uint32_t>(opt)) << 8) | ((uint32_t{f.dscp} << 2) & 0xFF)) +
                       (static_cast<uint32_t>(l3_len) & 0xFFFF) + f.ip_ident + f.ipv4_flags_fragment +
                       ((uint32_t{f.ttl} << 8) | f.ip_proto) + (src >> 16) + (src & 0xFFFF) + (dst >> 16) +
                       (dst & 0xFFFF) + 2 * static_cast<uint32_t>(opt) * 0x0101;
        while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
        const uint16_t csum = static_cast<uint16_t>(~sum);
        ip[10] = static_cast<uint8_t>(csum >> 8);
        ip[11] = static_cast<uint8_t>(csum);
    } else if (f.l3 == L3Kind::ipv6) {
        w.u16(0x86DD);
        w.u32((6u << 28) | (uint32_t{f.dscp} << 22) | (f.flow_label & 0xFFFFF));
        w.u16(static_cast<uint32_t>(l3_len - kIpv6Bytes));
        w.u8(f.ip_proto);
        w.u8(f.ttl);
        for (uint8_t x : f.ipv6_src) w.u8(x);
        for (uint8_t x : f.ipv6_dst) w.u8(x);
    } else {
        w.u16(f.other_ethertype);
    }
    if (f.l3 != L3Kind::other) {
        const int ip_hdr = f.l3 == L3Kind::ipv4 ? kIpv4Bytes + 4 * std::min<int>(f.ipv4_option_words, 10)
                                                : kIpv6Bytes;
        const int l4_len = l3_len - ip_hdr;
        w.u16(f.l4_src);
        w.u16(f.l4_dst);
        if (f.ip_proto == 6) {
            w.u32(0x01000000);  // sequence number
            w.u32(0);           // acknowledgement
            w.u16(0x5010);      // data offset 5 words, ACK
            w.u16(0xFFFF);      // window
            w.u16(0);           // checksum (not checked by the pipeline)
            w.u16(0);           // urgent pointer
        } else {
            w.u16(static_cast<uint32_t>(l4_len));
            w.u16(0);  // UDP checksum 0: "not computed" (IPv4); the pipeline does not check it
        }
    }
    s.frame_bytes = f.frame_bytes;
    s.src_port = f.src_port;
    s.valid_bytes = static_cast<uint16_t>(std::min<int>({f.frame_bytes, kHeaderBytes}));
    const std::ptrdiff_t written = w.p - b;
    if (written > s.valid_bytes) std::memset(b + s.valid_bytes, 0, static_cast<size_t>(written - s.valid_bytes));
    return s;
}

HeaderSlice build_frame(const Packet& packet) { return write_frame(fields_of(packet)); }
FrameFields fields_for(const Packet& packet) { return fields_of(packet); }
HeaderSlice build_frame(const FrameFields& f) { return write_frame(f); }

void write_l2_prefix(const Packet& packet, HeaderSlice& s) {
    const FrameFields f = fields_of(packet);  // inlined: only the fields used here are computed
    uint8_t* const b = s.bytes.data();
    std::memset(b + 16, 0, kL2PrefixBytes - 16);  // bytes 0..15 are all written below
    Writer w{b};
    w.mac(f.dst_mac);
    w.mac(f.src_mac);
    // The tag always written, kept only if the frame has one: the EtherType overwrites it
    w.u16(0x8100);
    w.u16((uint32_t{f.pcp} << 13) | (f.vid & 0xFFF));
    const int tags = f.vlan_tags;  // 0 or 1 for a packet (fields_of)
    w.p = b + 12 + 4 * tags;
    const int l3_len = f.frame_bytes - (14 + 4 * tags) - kFcsBytes;
    // The L3 header's first 8 bytes as write_frame writes them, one of the two chosen by a
    // mask (a conditional expression compiled to a branch).
    const uint64_t v4 = (uint64_t{0x45} << 56) | (uint64_t{f.dscp} << 50) |
                        (uint64_t{static_cast<uint16_t>(l3_len)} << 32) | (uint64_t{f.ip_ident} << 16) |
                        f.ipv4_flags_fragment;
    const uint64_t v6 = (uint64_t{(6u << 28) | (uint32_t{f.dscp} << 22) | (f.flow_label & 0xFFFFF)} << 32) |
                        (uint64_t{static_cast<uint16_t>(l3_len - kIpv6Bytes)} << 16) | (uint32_t{f.ip_proto} << 8) |
                        f.ttl;
    const uint64_t ipv4 = -static_cast<uint64_t>(f.l3 == L3Kind::ipv4);
    w.u16(static_cast<uint32_t>((0x0800 & ipv4) | (0x86DD & ~ipv4)));
    const uint64_t l3 = __builtin_bswap64((v4 & ipv4) | (v6 & ~ipv4));
    std::memcpy(w.p, &l3, 8);
    w.p += 8;
    s.frame_bytes = f.frame_bytes;
    s.src_port = f.src_port;
    s.valid_bytes = static_cast<uint16_t>(std::min<int>({f.frame_bytes, kHeaderBytes}));
    const std::ptrdiff_t written = w.p - b;
    if (written > s.valid_bytes) std::memset(b + s.valid_bytes, 0, static_cast<size_t>(written - s.valid_bytes));
}

HeaderSlice build_l2_prefix(const Packet& packet) {
    HeaderSlice s;
    write_l2_prefix(packet, s);
    return s;
}

HeaderSlice capture_slice(const CapturedFrame& frame, uint32_t frame_bytes, uint8_t src_port) {
    HeaderSlice s;
    s.frame_bytes = static_cast<uint16_t>(std::min<uint32_t>(frame_bytes, 0xFFFF));
    s.src_port = src_port;
    const uint32_t present = frame.complete() ? frame_bytes : frame.captured_bytes;
    s.valid_bytes = static_cast<uint16_t>(std::min<uint32_t>(present, kHeaderBytes));
    std::memcpy(s.bytes.data(), frame.data, std::min<uint32_t>({frame.captured_bytes, s.valid_bytes}));
    return s;
}

}  // namespace cposim::fwd
