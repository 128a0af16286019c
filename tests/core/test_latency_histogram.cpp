#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "latency_histogram.h"

using namespace cposim;

TEST_CASE("bucket boundaries tile the number line", "[stats]") {
    for (size_t i = 0; i + 1 < 5000; ++i) {
        REQUIRE(LatencyHistogram::bucket_high(i) == LatencyHistogram::bucket_low(i + 1));
        REQUIRE(LatencyHistogram::bucket_of(LatencyHistogram::bucket_low(i)) == i);
        REQUIRE(LatencyHistogram::bucket_of(LatencyHistogram::bucket_high(i) - 1) == i);
    }
}

TEST_CASE("percentiles agree with sorted samples within the bucket precision", "[stats]") {
    std::mt19937_64 gen(7);
    std::lognormal_distribution<double> dist(13.0, 1.0);  // ~0.5 us median in ps
    std::vector<int64_t> samples;
    LatencyHistogram h;
    for (int i = 0; i < 200000; ++i) {
        const auto v = static_cast<int64_t>(dist(gen));
        samples.push_back(v);
        h.add(v);
    }
    std::sort(samples.begin(), samples.end());
    for (double q : {0.5, 0.9, 0.99, 0.999}) {
        const auto rank = static_cast<size_t>(std::ceil(q * samples.size())) - 1;
        const double exact = static_cast<double>(samples[rank]);
        CHECK(h.quantile(q) == Approx(exact).epsilon(0.004));  // half a bucket: 1/256
    }
    CHECK(h.max() == samples.back());
    CHECK(h.min() == samples.front());
    double sum = 0;
    for (auto v : samples) sum += static_cast<double>(v);
    CHECK(h.mean() == Approx(sum / samples.size()).epsilon(1e-12));
}
