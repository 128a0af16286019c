// Sorts integers that come as a few ascending runs (a switch's headers of a window: each
// port's in time order, the ports one after another) by merging the runs, two at a time,
// without a branch on the data: each step takes the smaller head by a conditional move.
// std::sort on such keys mispredicts about every other comparison (7% of a golden-pipeline
// run's time, perf); this costs a few instructions per key per level, log2(runs) levels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cposim {

class RunMergeSort {
public:
    // Sorts `keys` ascending (its working space is kept for the next call). Out of line, as
    // std::sort's loop was: inlined, it cost its caller's loops registers.
    [[gnu::noinline]] void sort(std::vector<uint64_t>& keys) {
        const size_t n = keys.size();
        if (n < 2) return;
        starts_.clear();  // the runs' starts, then n
        starts_.push_back(0);
        for (size_t i = 1; i < n; ++i)
            if (keys[i] < keys[i - 1]) starts_.push_back(i);
        starts_.push_back(n);
        scratch_.resize(n);
        uint64_t* from = keys.data();
        uint64_t* to = scratch_.data();
        while (starts_.size() > 2) {  // more than one run: neighbours merged pairwise
            size_t kept = 0;
            for (size_t r = 0; r + 1 < starts_.size(); r += 2) {
                const size_t lo = starts_[r], mid = starts_[r + 1];
                const size_t hi = r + 2 < starts_.size() ? starts_[r + 2] : mid;  // the last run alone: copied
                size_t i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    const uint64_t a = from[i], b = from[j];
                    const bool take_b = b < a;  // equal keys: the first run's first (stable)
                    to[k++] = take_b ? b : a;
                    j += take_b;
                    i += !take_b;
                }
                while (i < mid) to[k++] = from[i++];
                while (j < hi) to[k++] = from[j++];
                starts_[kept++] = lo;
            }
            starts_[kept++] = n;
            starts_.resize(kept);
            std::swap(from, to);
        }
        if (from != keys.data()) keys.swap(scratch_);
    }

private:
    std::vector<uint64_t> scratch_;
    std::vector<size_t> starts_;
};

}  // namespace cposim
