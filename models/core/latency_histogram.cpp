#include "latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cposim {

namespace {
constexpr int sub_bits = 7;                  // 128 buckets per octave
constexpr int64_t linear_limit = 1 << (sub_bits + 1);  // 256: exact below this
constexpr size_t bucket_count = linear_limit + (63 - (sub_bits + 1)) * (1 << sub_bits);
}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(bucket_count, 0) {}

size_t LatencyHistogram::bucket_of(int64_t v) {
    if (v < linear_limit) return static_cast<size_t>(v);
    const int e = 63 - __builtin_clzll(static_cast<uint64_t>(v));  // >= sub_bits + 1
    const int shift = e - sub_bits;
    const int64_t mantissa = v >> shift;  // in [128, 256)
    return linear_limit + static_cast<size_t>(e - (sub_bits + 1)) * (1 << sub_bits) +
           static_cast<size_t>(mantissa - (1 << sub_bits));
}

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

void LatencyHistogram::add(int64_t v) {
    if (v < 0) throw std::logic_error("negative latency sample");
    ++buckets_[bucket_of(v)];
    ++count_;
    sum_ += v;
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
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
