#include "latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace cposim {

LatencyHistogram::LatencyHistogram() : buckets_(bucket_count, 0) {}

int64_t LatencyHistogram::bucket_low(size_t index) {
    if (index < static_cast<size_t>(linear_limit)) return static_cast<int64_t>(index);
    const size_t rel = index - linear_limit;
    const int e = static_cast<int>(rel >> sub_bits) + sub_bits + 1;
    const int64_t mantissa = static_cast<int64_t>(rel & ((1 << sub_bits) - 1)) + (1 << sub_bits);
    return mantissa << (e - sub_bits);
}

int64_t LatencyHistogram::bucket_high(size_t index) {
    if (index < static_cast<size_t>(linear_limit)) return static_cast<int64_t>(index) + 1;
    const size_t rel = index - linear_limit;
    const int e = static_cast<int>(rel >> sub_bits) + sub_bits + 1;
    return bucket_low(index) + (int64_t{1} << (e - sub_bits));
}

void LatencyHistogram::merge(const LatencyHistogram& o) {
    for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += o.buckets_[i];
    count_ += o.count_;
    sum_ += o.sum_;
    min_ = std::min(min_, o.min_);
    max_ = std::max(max_, o.max_);
}

double LatencyHistogram::quantile(double q) const {
    if (count_ == 0) return 0.0;
    const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(q * count_)));
    int64_t seen = 0;
    for (size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) {
            const double mid = i < static_cast<size_t>(linear_limit)
                                   ? static_cast<double>(i)
                                   : 0.5 * static_cast<double>(bucket_low(i) + bucket_high(i) - 1);
            return std::clamp(mid, static_cast<double>(min()), static_cast<double>(max_));
        }
    }
    return static_cast<double>(max_);
}

}  // namespace cposim
