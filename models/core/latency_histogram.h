// Log-linear histogram of non-negative durations in ps (HDR-histogram style): exact below
// 256 ps, then 128 buckets per power of two, so a percentile is within 0.4% of the true
// sample. Mean, min and max are exact. Memory is fixed (~58 KiB) whatever the run length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cposim {

class LatencyHistogram {
public:
    LatencyHistogram();
    void add(int64_t value_ps);
    void merge(const LatencyHistogram& other);  // as if other's samples had been added here
    int64_t count() const { return count_; }
    double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0.0; }
    int64_t min() const { return count_ ? min_ : 0; }
    int64_t max() const { return max_; }
    // Value at quantile q in [0, 1]: the midpoint of the bucket holding the ceil(q*count)-th
    // smallest sample, clamped to [min, max].
    double quantile(double q) const;

    static size_t bucket_of(int64_t v);
    static int64_t bucket_low(size_t index);
    static int64_t bucket_high(size_t index);  // exclusive

private:
    std::vector<int64_t> buckets_;
    int64_t count_ = 0;
    __int128 sum_ = 0;
    int64_t min_ = INT64_MAX;
    int64_t max_ = 0;
};

}  // namespace cposim
