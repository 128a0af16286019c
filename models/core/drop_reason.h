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
    count
};

inline const char* drop_reason_name(DropReason r) {
    switch (r) {
        case DropReason::buffer_full: return "buffer_full";
        case DropReason::queue_threshold: return "queue_threshold";
        case DropReason::pfc_headroom_overflow: return "pfc_headroom_overflow";
        case DropReason::count: break;
    }
    return "?";
}

constexpr size_t drop_reason_count = static_cast<size_t>(DropReason::count);
using DropCounters = std::array<int64_t, drop_reason_count>;

}  // namespace cposim
