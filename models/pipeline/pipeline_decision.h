// One decision of the forwarding pipeline as the RTL emits it (m_dec_*): the record the
// golden model must reproduce bit for bit.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace cposim::fwd {

// What the parser extracted from a frame, as the RTL reports it beside the decision
// (m_dec_hdr_*); zero where the frame has no such field.
struct HeaderFields {
    uint16_t ethertype = 0;      // EtherType after the recognised tags (or the length field)
    uint8_t vlan_count = 0;      // 0, 1 (802.1Q C-tag), 2 (802.1ad S-tag + C-tag)
    uint16_t outer_vid = 0;      // S-tag VID of a double-tagged frame
    uint16_t vid = 0;            // C-tag VID
    uint8_t pcp = 0;             // C-tag PCP
    std::array<uint8_t, 16> src{}, dst{};  // IPv6 addresses; IPv4 in bytes 12..15
    uint8_t proto = 0;           // IPv4 protocol / IPv6 next header
    uint8_t ttl = 0;             // IPv4 TTL / IPv6 hop limit
    bool l4_valid = false;       // UDP/TCP ports read (IPv4: first fragment; inside the slice)
    uint16_t l4_src = 0, l4_dst = 0;
    uint8_t ipv4_checks = 0;     // IPv4 only: kIpv4Truncated | kIpv4BadHeader | ...

    static constexpr uint8_t kIpv4BadLength = 1, kIpv4BadChecksum = 2, kIpv4BadHeader = 4,
                             kIpv4Truncated = 8;
    bool operator==(const HeaderFields& o) const {
        return ethertype == o.ethertype && vlan_count == o.vlan_count && outer_vid == o.outer_vid &&
               vid == o.vid && pcp == o.pcp && src == o.src && dst == o.dst && proto == o.proto &&
               ttl == o.ttl && l4_valid == o.l4_valid && l4_src == o.l4_src && l4_dst == o.l4_dst &&
               ipv4_checks == o.ipv4_checks;
    }
    bool operator!=(const HeaderFields& o) const { return !(*this == o); }
    // "ethertype 0x0800, tags 1 (vid 5 pcp 3), 10.0.0.1 -> 10.0.0.2 proto 17 ttl 64, ports 1 -> 2"
    std::string to_string() const;
};

struct PipelineDecision {
    bool drop = false;
    uint8_t reason = 0;      // ReasonCode; 0 when forwarded
    bool flood = false;      // forwarded to mask (every port but the source)
    uint8_t port = 0;        // unicast egress port; 0 when dropped or flooded
    uint64_t mask = 0;       // egress ports, bit per port; 0 when dropped
    uint8_t tc = 0;          // traffic class 0..7
    uint8_t src_port = 0;
    uint16_t latency = 0;    // clocks from header handshake to decision
    HeaderFields hdr;        // what the parser extracted

    // Equal in everything but latency (which depends on backpressure in the RTL).
    bool same_forwarding(const PipelineDecision& o) const {
        return drop == o.drop && reason == o.reason && flood == o.flood && port == o.port &&
               mask == o.mask && tc == o.tc && src_port == o.src_port && hdr == o.hdr;
    }
    bool operator==(const PipelineDecision& o) const {
        return same_forwarding(o) && latency == o.latency;
    }
    bool operator!=(const PipelineDecision& o) const { return !(*this == o); }

    // "forward port 5 tc 0, src 3, latency 4 clocks; ethertype 0x0800, ..." / "drop l2_miss (...)"
    std::string to_string() const;
};

struct HeaderSlice;

// A readable report of a golden/RTL disagreement: the frame bytes, both decisions, the RTL
// clock. Used by CheckedPipeline and the differential test.
std::string mismatch_report(const HeaderSlice& slice, const PipelineDecision& golden,
                            const PipelineDecision& rtl, uint64_t rtl_cycle,
                            const std::string& what);

}  // namespace cposim::fwd
