// Set index of the L2 table for a {VLAN, MAC} key: the same XOR fold as rtl/l2_hash.sv
// (key bit b of {vid[11:0], mac[47:0]} goes to index bit b mod set_bits).
#pragma once

#include <cstdint>

namespace cposim::fwd {

inline uint32_t l2_set_index(uint16_t vid, uint64_t mac, int set_bits) {
    // As rtl/l2_hash.sv: the XOR of the key's set_bits-wide chunks sends key bit b to bit
    // b mod set_bits. Folded in halves (n chunks: the upper half of them onto the lower),
    // log2(n) steps that unroll for a constant set_bits; a loop over the chunks cost 12
    // dependent steps for 5-bit sets, one over the bits a mispredicted branch per set bit.
    // set_bits: 1 to 32 (a 32-bit index).
    uint64_t key = (static_cast<uint64_t>(vid & 0xFFF) << 48) | (mac & 0xFFFFFFFFFFFFull);
    for (int chunks = (60 + set_bits - 1) / set_bits; chunks > 1;) {
        const int low = (chunks + 1) / 2;  // chunks kept; (low - 1) x set_bits < 60 bits
        const int shift = low * set_bits;
        key = (key & ((uint64_t{1} << shift) - 1)) ^ (key >> shift);
        chunks = low;
    }
    return static_cast<uint32_t>(key);
}

constexpr int log2_exact(int n) {
    int b = 0;
    while ((1 << b) < n) ++b;
    return b;
}

}  // namespace cposim::fwd
