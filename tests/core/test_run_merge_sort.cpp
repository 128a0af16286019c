#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "random.h"
#include "run_merge_sort.h"

using namespace cposim;

// The merge of ascending runs must give std::sort's order for any input: runs of every
// length (one run, a run per key, the switch's shape of a few long runs), equal keys, empty.
TEST_CASE("merging ascending runs sorts like std::sort", "[stats]") {
    Random rng(5, 1);
    RunMergeSort sorter;
    for (int trial = 0; trial < 2000; ++trial) {
        const size_t n = rng.below(300);
        const int runs = 1 + static_cast<int>(rng.below(20));
        std::vector<uint64_t> keys(n);
        for (auto& k : keys) k = rng.below(trial % 3 == 0 ? 8 : 1'000'000);  // some with many equal keys
        // cut into `runs` pieces, each sorted: the input is made of ascending runs
        for (int r = 0; r < runs; ++r) {
            const size_t lo = n * static_cast<size_t>(r) / static_cast<size_t>(runs);
            const size_t hi = n * static_cast<size_t>(r + 1) / static_cast<size_t>(runs);
            std::sort(keys.begin() + static_cast<std::ptrdiff_t>(lo), keys.begin() + static_cast<std::ptrdiff_t>(hi));
        }
        if (trial % 7 == 0) std::reverse(keys.begin(), keys.end());  // a run per key, or nearly
        std::vector<uint64_t> expected = keys;
        std::sort(expected.begin(), expected.end());
        sorter.sort(keys);
        INFO("trial " << trial << ", " << n << " keys in " << runs << " runs");
        REQUIRE(keys == expected);
    }
}
