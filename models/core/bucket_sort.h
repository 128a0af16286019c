// Sorts integer keys spread over their range (a switch window's headers, keyed by their time
// in the window first) in about one pass: each key into one of 1 to 2 n buckets by the top
// bits of its distance from the least key (counted, then placed; keys that share their top
// bits spread too), and an insertion sort finishes the few keys that share a bucket. A
// branch-free merge of the ports' ascending runs cost ~80 instructions a key (8% of a
// golden-pipeline run, perf). Keys crowded into one bucket (a burst in a long window) would
// make the insertion sort quadratic: when a bucket holds more than kMaxBucketKeys, std::sort
// sorts them all instead.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cposim {

class BucketSort {
public:
    static constexpr uint32_t kMaxBucketKeys = 32;

    // Sorts `keys` ascending (its working space is kept for the next call). Out of line: the
    // caller's loops keep their registers.
    [[gnu::noinline]] void sort(std::vector<uint64_t>& keys) {
        const size_t n = keys.size();
        if (n < 2) return;
        uint64_t low = UINT64_MAX, high = 0;
        for (uint64_t k : keys) {
            low = std::min(low, k);
            high = std::max(high, k);
        }
        const uint64_t span = high - low;
        const int key_bits = 64 - __builtin_clzll(span | 1);
        const int n_bits = 64 - __builtin_clzll(static_cast<uint64_t>(n));
        const int shift = std::max(0, key_bits - n_bits);  // span >> shift < 2^n_bits <= 2 n
        const size_t buckets = static_cast<size_t>(span >> shift) + 1;
        counts_.assign(buckets + 1, 0);  // counts_[b + 1]: keys in bucket b, then where it starts
        uint32_t fullest = 0;
        for (uint64_t k : keys) fullest = std::max(fullest, ++counts_[static_cast<size_t>((k - low) >> shift) + 1]);
        if (fullest > kMaxBucketKeys) {
            std::sort(keys.begin(), keys.end());
            return;
        }
        for (size_t b = 1; b <= buckets; ++b) counts_[b] += counts_[b - 1];
        scratch_.resize(n);
        for (uint64_t k : keys) scratch_[counts_[static_cast<size_t>((k - low) >> shift)]++] = k;
        for (size_t i = 1; i < n; ++i) {  // each key moves past at most its bucket's others
            const uint64_t k = scratch_[i];
            size_t j = i;
            for (; j > 0 && scratch_[j - 1] > k; --j) scratch_[j] = scratch_[j - 1];
            scratch_[j] = k;
        }
        keys.swap(scratch_);
    }

private:
    std::vector<uint64_t> scratch_;
    std::vector<uint32_t> counts_;
};

}  // namespace cposim
