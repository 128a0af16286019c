// Why a packet was dropped. Every drop in the model has one of these reasons; the report
// lists them as packets.dropped.<name>.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace cposim {

enum class DropReason : uint8_t {
    buffer_full,            // shared buffer had no room for the frame at admission
    queue_threshold,        // the egress queue was over its dynamic threshold
    pfc_headroom_overflow,  // a lossless group overran its PFC headroom (headroom too small)
    // physical layer (models/phy)
    link_down,              // the port's link was down (failed lane or laser, BER too high)
    fec_uncorrectable,      // the frame overlapped a codeword FEC could not correct: bad CRC
    fcs_error,              // a bit error without FEC (phy.fec=none): bad CRC
    // forwarding pipeline (models/pipeline, rtl/fwd_pipeline.sv)
    pipeline_overrun,  // the header found its pipeline's ingress FIFO full (switch.pipeline_fifo_headers)
    runt,              // frame shorter than 64 bytes
    truncated_header,  // the header slice ends inside the headers the pipeline must read
    oversize,          // frame longer than the pipeline's MAX_FRAME register
    l2_miss,           // unicast destination not in the L2 table and flooding off
    unknown_ethertype,   // routed frame that is not IPv4
    bad_ipv4_header,     // routed IPv4: version != 4 or IHL < 5
    bad_ipv4_checksum,   // routed IPv4: header checksum wrong
    bad_ipv4_length,     // routed IPv4: total length shorter than the header or past the frame
    ttl_expired,         // routed IPv4: TTL <= 1
    no_route,            // routed IPv4: no prefix matches
    acl_deny,            // an ACL entry with action drop matched
    count
};

inline const char* drop_reason_name(DropReason r) {
    switch (r) {
        case DropReason::buffer_full: return "buffer_full";
        case DropReason::queue_threshold: return "queue_threshold";
        case DropReason::pfc_headroom_overflow: return "pfc_headroom_overflow";
        case DropReason::link_down: return "link_down";
        case DropReason::fec_uncorrectable: return "fec_uncorrectable";
        case DropReason::fcs_error: return "fcs_error";
        case DropReason::pipeline_overrun: return "pipeline_overrun";
        case DropReason::runt: return "runt";
        case DropReason::truncated_header: return "truncated_header";
        case DropReason::oversize: return "oversize";
        case DropReason::l2_miss: return "l2_miss";
        case DropReason::unknown_ethertype: return "unknown_ethertype";
        case DropReason::bad_ipv4_header: return "bad_ipv4_header";
        case DropReason::bad_ipv4_checksum: return "bad_ipv4_checksum";
        case DropReason::bad_ipv4_length: return "bad_ipv4_length";
        case DropReason::ttl_expired: return "ttl_expired";
        case DropReason::no_route: return "no_route";
        case DropReason::acl_deny: return "acl_deny";
        case DropReason::count: break;
    }
    return "?";
}

constexpr size_t drop_reason_count = static_cast<size_t>(DropReason::count);
using DropCounters = std::array<int64_t, drop_reason_count>;

}  // namespace cposim
