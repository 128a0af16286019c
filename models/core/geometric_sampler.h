// Geometric gaps (failures before the first success of Bernoulli(p) trials), drawn by
// inversion like Random::geometric_gap, floor(log(u) / log(1 - p)), but without the
// logarithm for the likely gaps: a gap is at least k exactly when u <= (1 - p)^k, so a
// short table of those powers answers most draws with a few comparisons. A traffic
// source draws one gap per frame, and the logarithm was a tenth of a frame's cost.
// Same uniform per draw as geometric_gap, so the same random stream gives the same gaps
// (but for a u within rounding of a table entry). The table's answer itself is looked up
// by u's 1/256th where no table entry falls inside it (the scan of the entries was half a
// generated frame's instructions besides its random numbers); the scan answers the rest.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "random.h"

namespace cposim {

class GeometricSampler {
public:
    explicit GeometricSampler(double p)
        : p_(p), log1m_p_(std::log1p(-std::min(p, 1.0 - 1e-16))),
          // A table only pays where short gaps are likely (scans of a few entries).
          use_table_(p >= 0.2 && p < 1.0) {
        for (size_t k = 0; k < table_.size(); ++k) table_[k] = std::exp(static_cast<double>(k + 1) * log1m_p_);
        // Entries enough that the logarithm is needed for under 1/64 of the draws.
        while (entries_ < table_.size() && table_[entries_ - 1] > 1.0 / 64) ++entries_;
        for (size_t b = 0; b < gap_by_bucket_.size(); ++b) {
            // u in [lo, hi): u <= t for every such u when hi <= t, for none when t < lo
            const double lo = static_cast<double>(b) / kBuckets, hi = static_cast<double>(b + 1) / kBuckets;
            int gap = 0;
            bool mixed = false;
            for (size_t k = 0; k < entries_; ++k) {
                mixed = mixed || (table_[k] >= lo && table_[k] < hi);
                gap += hi <= table_[k];
            }
            gap_by_bucket_[b] = static_cast<int8_t>(mixed || gap >= static_cast<int>(entries_) ? -1 : gap);
        }
    }

    int64_t operator()(Random& rng) const {
        if (!use_table_) return rng.geometric_gap(p_, log1m_p_);
        // u = uniform_open0() = (k + 1) / 2^53, and its 1/256th, u * 2^8 truncated, is
        // (k + 1) >> 45: found in integers, without the conversions and multiplications on
        // the frame loop's critical path (the next frame's slot waits for this gap).
        const uint64_t k = rng.next() >> 11;
        const int8_t known = gap_by_bucket_[static_cast<size_t>((k + 1) >> (53 - 8))];
        if (known >= 0) return known;
        const double u = Random::open0(k);
        // The gap is the number of table entries u does not exceed (they decrease). Counted
        // without branches: a loop that exits at the gap mispredicts on every draw.
        int64_t gap_in_table = 0;
        for (size_t k = 0; k < entries_; ++k) gap_in_table += u <= table_[k];
        if (gap_in_table < static_cast<int64_t>(entries_)) return gap_in_table;
        const double gap = std::floor(std::log(u) / log1m_p_);
        return std::max(static_cast<int64_t>(entries_), static_cast<int64_t>(gap));
    }

private:
    double p_, log1m_p_;
    bool use_table_;
    static constexpr int kBuckets = 256;
    static_assert(kBuckets == 1 << 8, "operator() finds u's bucket as (k + 1) >> (53 - 8)");
    std::array<double, 16> table_{};  // (1 - p)^(k + 1)
    size_t entries_ = 1;              // of the table in use
    // u's 1/256th (u = 1: the last) -> the gap, or -1: a table entry inside it, or beyond the table
    std::array<int8_t, kBuckets + 1> gap_by_bucket_{};
};

}  // namespace cposim
