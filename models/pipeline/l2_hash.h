// Set index of the L2 table for a {VLAN, MAC} key: the same XOR fold as rtl/l2_hash.sv
// (key bit b of {vid[11:0], mac[47:0]} goes to index bit b mod set_bits).
#pragma once

#include <cstdint>

namespace cposim::fwd {

inline uint32_t l2_set_index(uint16_t vid, uint64_t mac, int set_bits) {
    // As rtl/l2_hash.sv: the XOR of the key's set_bits-wide chunks sends key bit b to bit
    // b mod set_bits (a loop over the bits cost a mispredicted branch per set bit).
    // set_bits: 1 to 63.
    uint64_t key = (static_cast<uint64_t>(vid & 0xFFF) << 48) | (mac & 0xFFFFFFFFFFFFull);
    const uint64_t mask = (uint64_t{1} << set_bits) - 1;
    uint64_t h = 0;
    for (; key; key >>= set_bits) h ^= key & mask;
    return static_cast<uint32_t>(h);
}

constexpr int log2_exact(int n) {
    int b = 0;
    while ((1 << b) < n) ++b;
    return b;
}

}  // namespace cposim::fwd
