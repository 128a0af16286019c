#include "random_frames.h"

#include <algorithm>

namespace cposim::fwd {

HeaderSlice RandomFrames::next(const TablePlan& plan) {
    const auto& hosts = plan.hosts;
    const uint16_t pvid = plan.pvid, max_frame = plan.max_frame;
    FrameFields f;
    auto pct = [&](uint32_t p) { return rng_.below(100) < p; };
    f.src_port = static_cast<uint8_t>(rng_.below(kPorts));
    f.src_mac = rng_.next() & 0xFEFFFFFFFFFFull;
    f.vlan_tags = static_cast<int>(rng_.below(3));
    f.pcp = static_cast<uint8_t>(rng_.below(8));
    f.outer_vid = static_cast<uint16_t>(rng_.below(4096));
    // destination: a known host (hit if the VLAN matches), a random unicast MAC, or a group
    const uint32_t kind = rng_.below(100);
    if (kind < 70 && !hosts.empty()) {
        const L2Host& h = hosts[rng_.below(static_cast<uint32_t>(hosts.size()))];
        f.dst_mac = h.mac;
        if (h.vid == pvid && pct(50)) f.vlan_tags = 0;
        f.vid = pct(90) ? h.vid : static_cast<uint16_t>(rng_.below(4096));
        if (f.vlan_tags == 0 && h.vid != pvid) f.vlan_tags = 1;
    } else if (kind < 85) {
        f.dst_mac = plan.router_mac;  // routed (if routing is on)
        f.vid = pvid;
        if (pct(50)) f.vlan_tags = 0;
    } else if (kind < 95) {
        f.dst_mac = rng_.next() & 0xFEFFFFFFFFFFull;
        f.vid = static_cast<uint16_t>(rng_.below(4096));
    } else {
        f.dst_mac = pct(50) ? 0xFFFFFFFFFFFFull : (0x01005E000000ull | (rng_.next() & 0x7FFFFF));
        f.vid = static_cast<uint16_t>(rng_.below(4096));
    }
    const uint32_t l3 = rng_.below(20);
    f.l3 = l3 < 15 ? L3Kind::ipv4 : l3 < 18 ? L3Kind::ipv6 : L3Kind::other;
    f.ipv4_option_words = static_cast<uint8_t>(pct(20) ? rng_.below(11) : 0);
    f.other_ethertype = pct(50) ? 0x88A8 : static_cast<uint16_t>(rng_.next());
    f.ip_proto = pct(70) ? 17 : pct(90) ? 6 : static_cast<uint8_t>(rng_.below(2) ? 44 : rng_.next());
    if (pct(10))  // a fragment: the first (MF, offset 0) or a later one (no L4 header)
        f.ipv4_flags_fragment = static_cast<uint16_t>(pct(30) ? 0x2000 : rng_.next());
    f.ttl = static_cast<uint8_t>(rng_.below(4) == 0 ? rng_.below(3) : 64);
    f.dscp = static_cast<uint8_t>(rng_.below(64));
    f.ipv4_src = static_cast<uint32_t>(rng_.next());
    f.ipv4_dst = static_cast<uint32_t>(rng_.next());
    for (auto* a : {f.ipv6_src, f.ipv6_dst})
        for (int i = 0; i < 16; ++i) a[i] = static_cast<uint8_t>(rng_.next());
    if (!plan.prefixes.empty() && pct(85))  // inside an installed prefix (random low bits)
        f.ipv4_dst = plan.prefixes[rng_.below(static_cast<uint32_t>(plan.prefixes.size()))] |
                     (f.ipv4_dst & (0xFFFFFFFFu >> (8 + rng_.below(25))));
    f.l4_src = static_cast<uint16_t>(rng_.next());
    f.l4_dst = static_cast<uint16_t>(rng_.next());
    // length: mostly legal, some runts, some oversize
    const uint32_t len = rng_.below(100);
    if (len < 5)
        f.frame_bytes = static_cast<uint16_t>(rng_.below(64));
    else if (len < 10)
        f.frame_bytes = static_cast<uint16_t>(max_frame + 1 + rng_.below(100));
    else if (len < 15)
        f.frame_bytes = static_cast<uint16_t>(std::min<uint32_t>(max_frame, 9216) - rng_.below(3));
    else
        f.frame_bytes = static_cast<uint16_t>(64 + rng_.below(1455));
    HeaderSlice s = build_frame(f);
    const int l3_at = 14 + 4 * f.vlan_tags;
    if (f.l3 == L3Kind::ipv4 && pct(3)) s.bytes[l3_at + 10] ^= 0x40;  // bad checksum
    if (f.l3 == L3Kind::ipv4 && pct(5)) {  // another total length, checksum still valid
        const int hdr = 4 * (5 + std::min<int>(f.ipv4_option_words, 10));
        s.bytes[l3_at + 2] = static_cast<uint8_t>(rng_.below(2) ? rng_.next() : 0);
        s.bytes[l3_at + 3] = static_cast<uint8_t>(rng_.next());
        s.bytes[l3_at + 10] = s.bytes[l3_at + 11] = 0;
        const uint16_t c = static_cast<uint16_t>(~ones_complement_sum(&s.bytes[l3_at], hdr));
        s.bytes[l3_at + 10] = static_cast<uint8_t>(c >> 8);
        s.bytes[l3_at + 11] = static_cast<uint8_t>(c);
    }
    if (f.l3 == L3Kind::ipv4 && pct(2)) s.bytes[l3_at] = static_cast<uint8_t>(rng_.next());  // version/IHL
    // malformed slices: cut short, corrupted bytes
    if (pct(5)) {
        s.valid_bytes = static_cast<uint16_t>(rng_.below(s.valid_bytes + 1u));
        for (int i = s.valid_bytes; i < kHeaderBytes; ++i) s.bytes[static_cast<size_t>(i)] = 0;
    }
    if (pct(5)) {
        const int n = 1 + static_cast<int>(rng_.below(4));
        for (int i = 0; i < n && s.valid_bytes > 0; ++i)
            s.bytes[rng_.below(s.valid_bytes)] = static_cast<uint8_t>(rng_.next());
    }
    return s;
}

}  // namespace cposim::fwd
