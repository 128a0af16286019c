// Deterministic random numbers, independent of the standard library's distributions
// (whose output differs between implementations): xoshiro256** seeded by SplitMix64.
#pragma once

#include <cmath>
#include <cstdint>

namespace cposim {

inline uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class Random {
public:
    // `stream` separates the generators of different components sharing one seed.
    Random(uint64_t seed, uint64_t stream) {
        uint64_t sm = seed ^ (stream * 0xD1B54A32D192ED03ull);
        for (auto& w : s_) w = splitmix64(sm);
    }
    uint64_t next() {
        const uint64_t result = output();
        step(s_);
        return result;
    }
    // Uniform in (0, 1]: never 0, so log() is safe.
    double uniform_open0() { return open0(next() >> 11); }
    // The uniform in (0, 1] of 53 random bits k: (k + 1) / 2^53.
    static double open0(uint64_t k) { return (static_cast<double>(k) + 1.0) * 0x1.0p-53; }
    // Uniform integer in [0, n) by multiply-shift (Lemire); bias below 2^-32 for n < 2^32.
    uint32_t below(uint32_t n) {
        return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32);
    }
    // below(n) if `draw`, else 0 with the generator left as it was: the same stream as
    // calling below(n) only when `draw`, without a branch on it (for draws that depend on
    // random data, where a branch is mispredicted half the time).
    uint32_t below_if(bool draw, uint32_t n) {
        const uint64_t keep = static_cast<uint64_t>(draw) - 1;  // all ones: no draw
        const uint64_t result = output();
        uint64_t s[4] = {s_[0], s_[1], s_[2], s_[3]};
        step(s);
        for (int k = 0; k < 4; ++k) s_[k] = (s_[k] & keep) | (s[k] & ~keep);
        return static_cast<uint32_t>(((result >> 32) * static_cast<uint64_t>(n)) >> 32) & static_cast<uint32_t>(~keep);
    }
    // Failures before the first success of Bernoulli(p) trials: the gap, in slots,
    // between Bernoulli arrivals. p in (0, 1].
    // Saturates at 2^62 for vanishing p (a gap longer than any run).
    int64_t geometric_gap(double p, double log1m_p) {
        if (p >= 1.0) return 0;
        const double gap = std::floor(std::log(uniform_open0()) / log1m_p);
        return gap < 0x1.0p62 ? static_cast<int64_t>(gap) : (int64_t{1} << 62);
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t output() const { return rotl(s_[1] * 5, 7) * 9; }  // xoshiro256**'s scrambler
    static void step(uint64_t s[4]) {  // the generator's next state
        const uint64_t t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
    }
    uint64_t s_[4];
};

}  // namespace cposim
