// Synthesizes the header of a frame from a Packet's fields, because packets in the model
// carry no bytes. Deterministic: the same packet always gives the same bytes.
//
// Address plan (docs/pipeline.md), port numbers p < 256:
//   destination MAC  02:00:00:00:00:<dst_port>      source MAC  02:00:00:01:00:<src_port>
//   IPv4 dst 10.<dst_port>.<id[15:8]>.<id[7:0]>     IPv4 src 10.<src_port>.255.1
//   IPv6 dst fd00:0:0:<dst_port>::<id[31:0]>        IPv6 src fd00:0:0:<src_port>::1
//   UDP source port 49152 + id[13:0], destination port 4791 (RoCEv2)
//   802.1Q tag VID 1, PCP = traffic class; IPv4/IPv6 DSCP = 8 x traffic class (CS<tc>)
// The encapsulation (untagged or 802.1Q; IPv4 or IPv6) is chosen from a hash of the packet
// id; IPv6 only where its headers fit the frame. TTL/hop limit 64, IPv4 DF set, IPv4 header
// checksum valid, UDP checksum 0 (not checked by the pipeline), payload zero.
#pragma once

#include <cstdint>

#include "captured_frame.h"
#include "header_slice.h"
#include "packet.h"

namespace cposim::fwd {

enum class L3Kind : uint8_t { ipv4, ipv6, other };

// Every field the builder writes. A test can fill these freely (any MAC, tag, protocol).
struct FrameFields {
    uint16_t frame_bytes = 64;  // including FCS; headers longer than the frame are cut
    uint8_t src_port = 0;
    uint64_t dst_mac = 0, src_mac = 0;      // 48 bits
    int vlan_tags = 0;                      // 0, 1 (802.1Q), 2 (802.1ad S-tag + 802.1Q)
    uint16_t vid = 1, outer_vid = 100;
    uint8_t pcp = 0;
    L3Kind l3 = L3Kind::ipv4;
    uint16_t other_ethertype = 0x88B5;      // used when l3 == other
    uint8_t dscp = 0;
    uint8_t ttl = 64;
    uint8_t ip_proto = 17;                  // 17 UDP, 6 TCP
    uint32_t ipv4_src = 0, ipv4_dst = 0;
    uint8_t ipv6_src[16] = {}, ipv6_dst[16] = {};
    uint16_t ip_ident = 0;
    uint16_t ipv4_flags_fragment = 0x4000;  // flags[15:13] (DF set), fragment offset[12:0]
    uint8_t ipv4_option_words = 0;          // 0..10 words of NOP options (IHL = 5 + this)
    uint32_t flow_label = 0;
    uint16_t l4_src = 0, l4_dst = 0;
};

// The address plan's MACs.
constexpr uint64_t port_mac(int port) { return 0x020000000000ull | static_cast<uint64_t>(port); }
constexpr uint64_t host_mac(int port) { return 0x020000010000ull | static_cast<uint64_t>(port); }
// The destination MAC of a synthesized frame (fields_for(packet).dst_mac).
inline uint64_t destination_mac(const Packet& packet) {
    return packet.broadcast ? 0xFFFFFFFFFFFFull : port_mac(packet.dst_port & 0xFF);  // broadcast floods
}

FrameFields fields_for(const Packet& packet);
HeaderSlice build_frame(const FrameFields& f);
HeaderSlice build_frame(const Packet& packet);  // build_frame(fields_for(packet)), in one function
// The first l2 + 8 bytes of build_frame(packet) (l2: 14, or 18 with its tag), the rest zero:
// the L2 header and the L3 header's first 8 bytes, all that parse_l2 reads of a synthesized
// frame (bytes 0..21 and the traffic class). What the golden model needs of a bridged frame
// when no ACL is in use, built without a branch on the frame's encapsulation (random by
// packet id: the full build mispredicts on it).
HeaderSlice build_l2_prefix(const Packet& packet);
// Writes build_l2_prefix(packet)'s first kL2PrefixBytes bytes, lengths and port into `slice`:
// a slice zero past those bytes (one kept for the purpose) becomes build_l2_prefix(packet)
// without clearing its 128 bytes.
constexpr int kL2PrefixBytes = 32;
void write_l2_prefix(const Packet& packet, HeaderSlice& slice);

// The slice of a captured frame of `frame_bytes` on the wire (FCS included): its first 128
// captured bytes. A frame captured whole is present up to its end (padding and FCS the
// capture lacks read as zero); one the capture cut (snapshot length) only as far as captured.
HeaderSlice capture_slice(const CapturedFrame& frame, uint32_t frame_bytes, uint8_t src_port);

// What the pipeline parses for a packet: its real header when it replays a capture
// (Packet::capture), else the one synthesized from its fields.
inline HeaderSlice header_slice(const Packet& packet) {
    if (__builtin_expect(packet.capture != nullptr, 0))
        return capture_slice(*packet.capture, packet.bytes, static_cast<uint8_t>(packet.src_port));
    return build_frame(packet);
}

// One's-complement sum over bytes, folded (the IPv4 header checksum is its complement).
uint16_t ones_complement_sum(const uint8_t* data, int bytes, uint32_t initial = 0);

}  // namespace cposim::fwd
