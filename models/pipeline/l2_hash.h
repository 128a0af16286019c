// Set index of the L2 table for a {VLAN, MAC} key: the same XOR fold as rtl/l2_hash.sv
// (key bit b of {vid[11:0], mac[47:0]} goes to index bit b mod set_bits).
#pragma once

#include <cstdint>

namespace cposim::fwd {

inline uint32_t l2_set_index(uint16_t vid, uint64_t mac, int set_bits) {
    const uint64_t key = (static_cast<uint64_t>(vid & 0xFFF) << 48) | (mac & 0xFFFFFFFFFFFFull);
    uint32_t h = 0;
    for (int b = 0; b < 60; ++b)
        if ((key >> b) & 1) h ^= 1u << (b % set_bits);
    return h;
}

constexpr int log2_exact(int n) {
    int b = 0;
    while ((1 << b) < n) ++b;
    return b;
}

}  // namespace cposim::fwd
