// Log-linear histogram of non-negative durations in ps (HDR-histogram style): exact below
// 256 ps, then 128 buckets per power of two, so a percentile is within 0.4% of the true
// sample. Mean, min and max are exact. Memory is fixed (~58 KiB) whatever the run length.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace cposim {

class LatencyHistogram {
public:
    LatencyHistogram();
    void add(int64_t value_ps) {  // inline: once or twice per delivered frame
        if (value_ps < 0) throw std::logic_error("negative latency sample");
        ++buckets_[bucket_of(value_ps)];
        ++count_;
        sum_ += value_ps;
        min_ = std::min(min_, value_ps);
        max_ = std::max(max_, value_ps);
    }
    void merge(const LatencyHistogram& other);  // as if other's samples had been added here
    int64_t count() const { return count_; }
    double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0.0; }
    int64_t min() const { return count_ ? min_ : 0; }
    int64_t max() const { return max_; }
    // Value at quantile q in [0, 1]: the midpoint of the bucket holding the ceil(q*count)-th
    // smallest sample, clamped to [min, max].
    double quantile(double q) const;

    // Octave e >= 8 (v in [2^e, 2^(e+1))): 128 buckets of width 2^(e-7) from index
    // (e-7)*128; below 256 the same formula with shift 0 gives v itself (no branch: the
    // queueing delays recorded here straddle 256 ps at random).
    static size_t bucket_of(int64_t v) {
        const int e = 63 - __builtin_clzll(static_cast<uint64_t>(v) | 1);
        const int shift = std::max(e - sub_bits, 0);
        return (static_cast<size_t>(shift) << sub_bits) + static_cast<size_t>(v >> shift);
    }
    static int64_t bucket_low(size_t index);
    static int64_t bucket_high(size_t index);  // exclusive

private:
    static constexpr int sub_bits = 7;                           // 128 buckets per octave
    static constexpr int64_t linear_limit = 1 << (sub_bits + 1);  // 256: exact below this
    static constexpr size_t bucket_count = linear_limit + (63 - (sub_bits + 1)) * (1 << sub_bits);
    std::vector<int64_t> buckets_;
    int64_t count_ = 0;
    __int128 sum_ = 0;
    int64_t min_ = INT64_MAX;
    int64_t max_ = 0;
};

}  // namespace cposim
