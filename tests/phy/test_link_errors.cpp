// The post-FEC error process of a link against closed-form expectations.
#include <catch2/catch.hpp>

#include <cmath>

#include "all_parameters.h"
#include "errors.h"
#include "fault_schedule.h"
#include "link_error_process.h"

using namespace cposim;

namespace {
// RS(544,514) on an 800G port: 8 lanes x 106.25 Gb/s = 850 Gb/s, 5440-bit codewords, so a
// codeword lasts 5440 / 850 = 6.4 ns.
constexpr double line_gbps = 850;
constexpr int n = 544, bits = 5440;
}  // namespace

TEST_CASE("uncorrectable codewords and corrupted frames follow the codeword failure rate", "[phy][fec]") {
    LinkErrorProcess link(line_gbps, n, bits, 15, 6380, 7, 1);
    CHECK(link.codeword_ps() == Approx(6400));
    const double p_cw = 1e-3;
    link.set_error_rates(0, 1e-4, p_cw);
    // Back-to-back 1500 B frames: 1520 B on the wire = 12160 bits = 14.3 ns, touching 3 or
    // 4 codewords; a frame survives if none of them failed.
    const TimePs wire = 14306;  // (1500 + 20) * 8 / 850 Gb/s
    int64_t frames = 0, corrupted = 0;
    TimePs t = 0;
    for (; t < 2'000'000'000; t += wire, ++frames) corrupted += link.corrupts(t, t + wire);
    link.advance_to(t);
    const auto& c = link.counters();
    const double codewords = static_cast<double>(c.codewords);
    CHECK(codewords == Approx(static_cast<double>(t) / 6400).epsilon(1e-6));
    // Binomial count of failures: mean N p, standard deviation sqrt(N p (1 - p)); 5 sigma.
    const double mean = codewords * p_cw, sigma = std::sqrt(mean * (1 - p_cw));
    CHECK(std::abs(static_cast<double>(c.uncorrectable) - mean) < 5 * sigma);
    // A frame spans wire/6400 + 1 codewords on average: 3.235; P(corrupt) = 1 - (1-p)^3.235.
    const double expected = 1 - std::pow(1 - p_cw, static_cast<double>(wire) / 6400 + 1);
    const double f = static_cast<double>(frames);
    CHECK(std::abs(static_cast<double>(corrupted) - f * expected) < 5 * std::sqrt(f * expected));
    CHECK(c.corrupted_frames == corrupted);
}

TEST_CASE("corrected symbols and the FEC degrade alarm", "[phy][fec]") {
    // Symbol errors per 8192 codewords: 8192 x 544 x p. The alarm threshold of 6380 (RS544)
    // sits at p = 1.43e-3: well below it no block alarms, well above every block does.
    for (const double p : {1.0e-3, 2.0e-3}) {
        LinkErrorProcess link(line_gbps, n, bits, 15, 6380, 11, 2);
        link.set_error_rates(0, p, 0);
        const TimePs end = 8192LL * 6400 * 200;  // 200 blocks
        link.advance_to(end);
        const auto& c = link.counters();
        CHECK(c.codewords == 8192 * 200);
        CHECK(static_cast<double>(c.corrected_symbols) == Approx(8192.0 * 200 * n * p).epsilon(0.01));
        CHECK(c.degraded_blocks == (p > 1.43e-3 ? 200 : 0));
    }
}

TEST_CASE("a link that is down decodes nothing and recovers", "[phy]") {
    LinkErrorProcess link(line_gbps, n, bits, 15, 6380, 3, 4);
    link.set_error_rates(0, 0, 0);
    link.set_up(64'000, false);
    CHECK_FALSE(link.up());
    link.set_up(128'000, true);
    link.advance_to(192'000);
    CHECK(link.counters().codewords == 20);  // 10 before, 10 after the outage of 10
}

TEST_CASE("the fault schedule is parsed and checked", "[phy][params]") {
    ParameterSet p(parameter_registry());
    const FaultLimits lim{8, 8, 2, 2};
    p.set("faults.schedule", "lane_down port=3 lane=2 at=50us; ber port=all ber=1e-4 from=10us to=20us;"
                             " laser_fail engine=1 laser=0 at=0.08ms; temp_step engine=0 delta=15 at=30us", "s.yaml:4");
    const auto f = parse_fault_schedule(p, lim);
    REQUIRE(f.size() == 4);
    CHECK(f[0].kind == FaultKind::lane_down);
    CHECK(f[0].port == 3);
    CHECK(f[0].at == 50'000'000);
    CHECK(f[1].port == -1);
    CHECK(f[1].until == 20'000'000);
    CHECK(f[2].at == 80'000'000);
    CHECK(f[3].delta_k == 15);
    const struct {
        std::string text, expect;
    } bad[] = {
        {"lane_down port=9 lane=0 at=1us", "entry 1 'lane_down port=9 lane=0 at=1us': port=9: port 9 does not exist (8 ports)"},
        {"lane_down port=1 at=1us", "missing lane="},
        {"ber port=1 ber=1e-3 from=5us to=2us", "to: must be after from"},
        {"meteor port=1", "unknown fault 'meteor'"},
        {"temp_step engine=0 delta=5 at=3 parsecs", "expected key=value, got 'parsecs'"},
        {"temp_step engine=0 delta=5 at=3furlongs", "at=3furlongs: expected a time"},
        {"lane_down port=1 lane=0 at=1us colour=red", "unknown field 'colour'"},
        {"lane_down port=1 lane=0 at=100us", "at: 100 us is not before the end of the run (100 us, sim.duration_us)"},
        {"ber port=1 ber=1e-3 from=0.2ms to=0.3ms", "from: 200 us is not before the end of the run"},
    };
    const FaultLimits run_of_100us{8, 8, 2, 2, 100'000'000};
    for (const auto& b : bad) {
        p.set("faults.schedule", b.text, "s.yaml:4");
        CHECK_THROWS_WITH(parse_fault_schedule(p, run_of_100us),
                          Catch::StartsWith("s.yaml:4: faults.schedule: ") && Catch::Contains(b.expect));
    }
}

TEST_CASE("planned changes apply when the link reaches their time", "[phy]") {
    LinkErrorProcess link(line_gbps, n, bits, 15, 6380, 5, 6);
    link.schedule_up(64'000, false);
    link.schedule_up(128'000, true);
    link.schedule_error_rates(128'000, 0.0, 1.0);  // every codeword fails from then on
    CHECK(link.up_at(63'999));
    CHECK_FALSE(link.up_at(64'000));
    CHECK_FALSE(link.corrupts(100'000, 110'000));  // down, not corrupted: nothing decoded
    CHECK(link.up_at(128'000));
    CHECK(link.corrupts(130'000, 140'000));
    link.advance_to(192'000);
    CHECK(link.counters().codewords == 20);
    CHECK(link.counters().uncorrectable == 10);
}
