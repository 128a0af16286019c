// What the pipeline's AXI-Stream input carries for one frame: its first bytes (the header
// slice, one beat of the 1024-bit bus), the frame length and the source port (tuser).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "register_map.h"

namespace cposim::fwd {

struct HeaderSlice {
    std::array<uint8_t, kHeaderBytes> bytes{};  // frame bytes 0..; zero past valid_bytes
    uint16_t valid_bytes = 0;  // bytes present (tkeep), min(frame length, 128) normally
    uint16_t frame_bytes = 0;  // frame length incl. FCS, from the MAC (tuser[21:6])
    uint8_t src_port = 0;      // tuser[5:0]

    // "src 3, 512 B frame, 128 B slice: 02 00 00 ..." for mismatch reports
    std::string to_string() const;
};

}  // namespace cposim::fwd
