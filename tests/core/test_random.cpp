// The generator's conditional draw (models/core/random.h): below_if(draw, n) must give the
// stream that calling below(n) only when `draw` gives, and leave the generator as it was
// otherwise; the random FIFO arbiter's matchings depend on it draw for draw.
#include <catch2/catch.hpp>

#include "random.h"

using namespace cposim;

TEST_CASE("below_if draws as below does when told to and leaves the stream alone otherwise", "[core][random]") {
    Random branchy(42, 7), branch_free(42, 7), coin(5, 5);
    for (int k = 0; k < 10000; ++k) {
        const bool draw = coin.below(3) != 0;
        const uint32_t n = 1 + coin.below(1000);
        const uint32_t expected = draw ? branchy.below(n) : 0;
        REQUIRE(branch_free.below_if(draw, n) == expected);
    }
    CHECK(branch_free.next() == branchy.next());  // still in step after 10,000 mixed calls
}

TEST_CASE("below_if(true, n) is uniform from 0 to n - 1", "[core][random]") {
    // 60,000 draws in [0, 6): each value Binomial(60000, 1/6), mean 10,000, sd 91.3;
    // checked within 5 sd.
    Random rng(3, 9);
    int counts[6] = {};
    for (int k = 0; k < 60000; ++k) ++counts[rng.below_if(true, 6)];
    for (int c : counts) CHECK(c == Approx(10000).margin(5 * 91.3));
}
