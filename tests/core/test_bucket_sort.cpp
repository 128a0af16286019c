#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "bucket_sort.h"
#include "random.h"

using namespace cposim;

// The bucket sort must give std::sort's order for any input: the switch's shape (a few
// ascending runs of keys spread over a window), keys crowded into one bucket (its std::sort
// fallback), keys sharing their top bits (spread by their distance from the least), equal
// keys, keys using all 64 bits, zero, one and two keys.
TEST_CASE("the bucket sort sorts like std::sort", "[stats]") {
    Random rng(5, 1);
    BucketSort sorter;
    for (int trial = 0; trial < 3000; ++trial) {
        const size_t n = trial < 3 ? static_cast<size_t>(trial) : rng.below(400);
        const int runs = 1 + static_cast<int>(rng.below(20));
        std::vector<uint64_t> keys(n);
        const int shape = trial % 6;
        for (auto& k : keys) {
            switch (shape) {
                case 0: k = rng.below(8); break;                    // many equal keys
                case 1: k = rng.next(); break;                      // all 64 bits
                case 2: k = rng.below(1'000'000) << 27; break;      // a window's times, low fields zero
                case 3: k = rng.below(16) + (rng.below(50) == 0 ? uint64_t{1} << 40 : 0); break;  // crowded, a few far
                case 4: k = (uint64_t{0x5A5} << 50) | rng.below(1'000'000); break;  // common top bits
                default: k = rng.below(1'000'000); break;
            }
        }
        // cut into `runs` pieces, each sorted: the input is made of ascending runs
        for (int r = 0; r < runs; ++r) {
            const size_t lo = n * static_cast<size_t>(r) / static_cast<size_t>(runs);
            const size_t hi = n * static_cast<size_t>(r + 1) / static_cast<size_t>(runs);
            std::sort(keys.begin() + static_cast<std::ptrdiff_t>(lo), keys.begin() + static_cast<std::ptrdiff_t>(hi));
        }
        if (trial % 7 == 0) std::reverse(keys.begin(), keys.end());
        std::vector<uint64_t> expected = keys;
        std::sort(expected.begin(), expected.end());
        sorter.sort(keys);
        INFO("trial " << trial << ", " << n << " keys in " << runs << " runs, shape " << shape);
        REQUIRE(keys == expected);
    }
}
