// DCQCN's reaction point against its rules worked by hand (Zhu et al., SIGCOMM 2015), and in
// a fabric: the rate control that keeps an incast's queue short.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "dcqcn.h"
#include "run_cposim.h"

using namespace cposim;

namespace {
DcqcnConfig hand_config() {
    DcqcnConfig c;
    c.enabled = true;
    c.g = 1.0 / 256;
    c.alpha_timer_ps = 55'000'000;     // K = 55 us
    c.increase_timer_ps = 55'000'000;  // T = 55 us
    c.byte_counter = 10e6;
    c.fast_recovery_steps = 5;
    c.rate_ai_gbps = 0.04;
    c.rate_hai_gbps = 0.4;
    c.min_rate_gbps = 0.1;
    return c;
}
}  // namespace

TEST_CASE("DCQCN cuts by alpha/2, recovers halfway to the target, then adds", "[fabric][dcqcn]") {
    const DcqcnConfig c = hand_config();
    DcqcnRate r(c, 800);
    CHECK(r.rate_gbps() == 800);
    r.on_cnp(0);  // alpha starts at 1: the rate halves, the target keeps the old rate
    CHECK(r.rate_gbps() == Approx(400));
    CHECK(r.target_gbps() == Approx(800));
    CHECK(r.alpha() == Approx(1.0));  // (1 - g) 1 + g
    // One timer period: alpha decays to 1 - g, fast recovery halves the gap to the target.
    r.advance_to(55'000'000);
    CHECK(r.alpha() == Approx(1 - 1.0 / 256));
    CHECK(r.rate_gbps() == Approx(600));
    // A second CNP: the target is now 600, the rate 600 (1 - alpha/2).
    r.on_cnp(55'000'000);
    CHECK(r.target_gbps() == Approx(600));
    CHECK(r.rate_gbps() == Approx(600 * (1 - (1 - 1.0 / 256) / 2)));
    const double cut = r.rate_gbps();
    // Four more periods of fast recovery: 1/2, 3/4, 7/8, 15/16 of the gap; the fifth event
    // (timer count F = 5) is additive: the target rises by 40 Mb/s first.
    r.advance_to(55'000'000 + 4 * 55'000'000);
    CHECK(r.rate_gbps() == Approx(600 - (600 - cut) / 16));
    r.advance_to(55'000'000 + 5 * 55'000'000);
    CHECK(r.target_gbps() == Approx(600.04));
    CHECK(r.rate_gbps() == Approx((600.04 + 600 - (600 - cut) / 16) / 2));
    // The byte counter is an increase event too: 10 MB sent.
    const double before = r.rate_gbps();
    r.on_sent(55'000'000 + 5 * 55'000'000, 10e6);
    CHECK(r.target_gbps() == Approx(600.08));
    CHECK(r.rate_gbps() == Approx((600.08 + before) / 2));
}

TEST_CASE("DCQCN never cuts below its floor and returns to line rate", "[fabric][dcqcn]") {
    const DcqcnConfig c = hand_config();
    DcqcnRate r(c, 800);
    for (int i = 0; i < 40; ++i) r.on_cnp(i);
    CHECK(r.rate_gbps() == Approx(0.1));
    DcqcnRate once(c, 800);
    once.on_cnp(0);
    once.advance_to(5'000'000'000);  // 5 ms later: fast recovery, then additive steps, reach the line
    CHECK(once.rate_gbps() == Approx(800));
}

TEST_CASE("DCQCN keeps an incast's queue short where the switch would hold it all", "[fabric][dcqcn][run]") {
    // 7 senders of 16 MiB to one GPU with ECN marking (DCQCN's Kmin 5 KB, Kmax 200 KB, Pmax
    // 1%). Without DCQCN the receiver's leaf holds the excess: 6/7 of 112 MiB at its peak,
    // less what drains (82 MB). With DCQCN (CNPs at most every 4 us, faster increase steps
    // for 800G links) the senders' rates fall to their share and the queue stays a few MB.
    const std::string incast = "run " + source_path("configs/default.yaml") +
                               " --set sim.duration_us=20000 --set fabric.topology=leaf_spine --set fabric.leaves=2 "
                               "--set fabric.hosts_per_leaf=4 --set workload.collective=incast --set workload.bytes=16MiB "
                               "--set ecn.enabled=true --set dcqcn.cnp_interval=4us --set dcqcn.rate_ai=1G "
                               "--set dcqcn.rate_hai=10G --set dcqcn.byte_counter=1MB ";
    const auto without = run_cposim(incast + "--set dcqcn.enabled=false", true);
    const auto with = run_cposim(incast + "--set dcqcn.enabled=true", true);
    INFO(with.output);
    REQUIRE(without.exit_code == 0);
    REQUIRE(with.exit_code == 0);
    auto peak = [](const nlohmann::json& r) { return r.at("fabric").at("switch_list")[0].at("buffer_max_bytes").get<double>(); };
    CHECK(peak(without.report) > 0.6 * 6.0 / 7 * 7 * 16 * 1048576);
    CHECK(peak(with.report) < 0.1 * peak(without.report));
    CHECK(with.report.at("transport").at("rate_cuts").get<int64_t>() > 0);
    CHECK(with.report.at("collective").at("complete") == true);
    CHECK(with.report.at("packets").at("dropped_total") == 0);
    // ECN without DCQCN: marks, but no one slows down.
    CHECK(without.report.at("transport").at("cnps_sent") == 0);

    const auto no_ecn = run_cposim("run " + source_path("configs/default.yaml") +
                                   " --set fabric.topology=leaf_spine --set dcqcn.enabled=true");
    CHECK(no_ecn.exit_code == 2);
    CHECK_THAT(no_ecn.output, Catch::Contains("dcqcn.enabled: no switch marks ECN"));
}
