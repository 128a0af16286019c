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
    runt,              // frame shorter than 64 bytes
    truncated_header,  // the header slice ends inside the headers the pipeline must read
    oversize,          // frame longer than the pipeline's MAX_FRAME register
    l2_miss,           // unicast destination not in the L2 table and flooding off
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
        case DropReason::runt: return "runt";
        case DropReason::truncated_header: return "truncated_header";
        case DropReason::oversize: return "oversize";
        case DropReason::l2_miss: return "l2_miss";
        case DropReason::count: break;
    }
    return "?";
}

constexpr size_t drop_reason_count = static_cast<size_t>(DropReason::count);
using DropCounters = std::array<int64_t, drop_reason_count>;

}  // namespace cposim
