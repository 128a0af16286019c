// Random header slices for the differential test: valid frames of every encapsulation,
// table hits and misses, multicast, and malformed input (runts, truncated slices,
// oversize frames, corrupted bytes). Deterministic for a seed.
#pragma once

#include <cstdint>
#include <vector>

#include "frame_builder.h"
#include "header_slice.h"
#include "random.h"

namespace cposim::fwd {

struct L2Host {
    uint16_t vid;
    uint64_t mac;
    uint8_t port;
};

class RandomFrames {
public:
    explicit RandomFrames(uint64_t seed) : rng_(seed, 0x5EED) {}

    // hosts: installed L2 entries (hits are drawn from them); pvid: VLAN of untagged frames
    HeaderSlice next(const std::vector<L2Host>& hosts, uint16_t pvid, uint16_t max_frame);
    Random& rng() { return rng_; }

private:
    Random rng_;
};

}  // namespace cposim::fwd
