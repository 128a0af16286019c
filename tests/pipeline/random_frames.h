// Random header slices for the differential test: valid frames of every encapsulation,
// table hits and misses, multicast, and malformed input (runts, truncated slices,
// oversize frames, corrupted bytes). Deterministic for a seed.
#pragma once

#include <cstdint>
#include <vector>

#include "frame_builder.h"
#include "header_slice.h"
#include "random.h"
#include "table_programme.h"

namespace cposim::fwd {

// What is programmed, so that frames hit it often enough.
struct TablePlan {
    std::vector<L2Host> hosts;      // installed L2 entries
    uint16_t pvid = 1;              // VLAN of untagged frames
    uint16_t max_frame = 9216;
    uint64_t router_mac = 0;        // frames to it are routed (when routing is on)
    std::vector<uint32_t> prefixes; // installed IPv4 prefixes (routed frames aim at them)
};

class RandomFrames {
public:
    explicit RandomFrames(uint64_t seed) : rng_(seed, 0x5EED) {}

    HeaderSlice next(const TablePlan& plan);
    Random& rng() { return rng_; }

private:
    Random rng_;
};

}  // namespace cposim::fwd
