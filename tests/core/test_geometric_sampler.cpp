#include <catch2/catch.hpp>

#include <cmath>

#include "geometric_sampler.h"
#include "random.h"

using namespace cposim;

// The table inversion must give the gaps of the logarithm inversion it replaces, draw for
// draw, from the same random stream (they may differ only for a u within rounding of a
// table entry, which a million draws do not meet).
TEST_CASE("geometric gaps by table equal the logarithm inversion draw for draw", "[stats]") {
    for (double p : {0.05, 0.2, 0.5, 0.7, 0.99, 1.0}) {
        const GeometricSampler sampler(p);
        const double log1m_p = std::log1p(-std::min(p, 1.0 - 1e-16));
        Random a(11, 3), b(11, 3);
        int64_t mismatches = 0, longest = 0;
        for (int i = 0; i < 1'000'000; ++i) {
            const int64_t table = sampler(a);
            const int64_t log = b.geometric_gap(p, log1m_p);
            mismatches += table != log;
            longest = std::max(longest, table);
        }
        INFO("p = " << p);
        CHECK(mismatches == 0);
        if (p <= 0.5) CHECK(longest > 16);  // the tail beyond the table was exercised
    }
}

// Mean of the geometric distribution (failures before the first success): (1 - p) / p.
TEST_CASE("geometric gaps have the textbook mean", "[stats]") {
    for (double p : {0.2, 0.5, 0.9}) {
        const GeometricSampler sampler(p);
        Random rng(5, 1);
        const int n = 2'000'000;
        double sum = 0;
        for (int i = 0; i < n; ++i) sum += static_cast<double>(sampler(rng));
        const double mean = (1 - p) / p, sd = std::sqrt(1 - p) / p;
        CHECK(std::abs(sum / n - mean) < 5 * sd / std::sqrt(n));
    }
}
