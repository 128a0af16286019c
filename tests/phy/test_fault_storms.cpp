// Fault storms: random fault schedules (lane and laser failures, BER windows, temperature
// steps; overlapping; at the start, in the middle and at the very end; every port down at
// once) under random traffic. Every run must finish (ctest's timeout catches a hang), balance
// its packets (a run that does not exits 1), and drop only for reasons its faults explain.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "run_cposim.h"

namespace {

struct Draw {  // a small deterministic generator, so a failing storm can be replayed
    uint64_t s;
    uint64_t next() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return s >> 33;
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(below(static_cast<int>(v.size())))]; }
};

}  // namespace

TEST_CASE("fault storms: every run finishes, balances its packets and drops for reasons its faults explain",
          "[phy][faults][run]") {
    Draw d{20261202};
    const int ports = 16, lanes = 8, engines = 2, lasers = 8;  // cpo-51t2 cut to 16 ports
    const int end_us = 20;
    for (int storm = 0; storm < 24; ++storm) {
        auto when = [&] {  // the start, somewhere, or the last nanosecond
            const int k = d.below(4);
            return k == 0 ? std::string("0") : k == 1 ? std::to_string(end_us) + "us - 0.001us" : std::to_string(d.below(end_us * 1000)) + "ns";
        };
        auto at = [&] {
            const std::string w = when();
            return w == std::to_string(end_us) + "us - 0.001us" ? std::to_string(end_us * 1000 - 1) + "ns" : w;
        };
        std::string schedule;
        const int faults = 1 + d.below(6);
        for (int f = 0; f < faults; ++f) {
            std::string entry;
            switch (d.below(5)) {
                case 0: entry = "lane_down port=" + std::to_string(d.below(ports)) + " lane=" + std::to_string(d.below(lanes)) + " at=" + at(); break;
                case 1: entry = "laser_fail engine=" + std::to_string(d.below(engines)) + " laser=" + std::to_string(d.below(lasers)) + " at=" + at(); break;
                case 2: {
                    const int from = d.below(end_us * 1000 - 1);
                    const int to = from + 1 + d.below(end_us * 1000 - from);
                    entry = "ber port=" + (d.below(3) == 0 ? std::string("all") : std::to_string(d.below(ports))) +
                            " ber=" + d.pick<std::string>({"1e-6", "1e-4", "2e-3", "2e-2", "0.5"}) + " from=" +
                            std::to_string(from) + "ns to=" + std::to_string(to) + "ns";
                    break;
                }
                case 3: entry = "temp_step engine=" + std::to_string(d.below(engines)) + " delta=" + std::to_string(d.below(80) - 20) + " at=" + at(); break;
                default: entry = "ber port=all ber=0.5 from=" + std::to_string(d.below(end_us * 500)) + "ns to=" + std::to_string(end_us * 500 + d.below(end_us * 500)) + "ns"; break;  // every port down at once
            }
            schedule += (schedule.empty() ? "" : "; ") + entry;
        }
        const std::string traffic = d.pick<std::string>({"uniform", "hotspot", "incast", "all_to_all"});
        const std::string args = "run " + source_path("configs/cpo-51t2.yaml") + " --set switch.ports=16 --set sim.duration_us=" +
                                 std::to_string(end_us) + " --set sim.warmup_us=1 --set traffic.pattern=" + traffic +
                                 " --set traffic.load=0." + std::to_string(1 + d.below(9)) + " --set traffic.classes=" +
                                 std::to_string(1 + d.below(4)) + " --set pfc.enabled=" + (d.below(2) ? "true" : "false") +
                                 " --set " + shell_quote_arg("faults.schedule=" + schedule) + " --seed " + std::to_string(storm);
        const auto r = run_cposim(args, true);
        INFO("storm " << storm << ": " << args << "\n" << r.output);
        REQUIRE(r.exit_code == 0);  // finished, and its packets add up (else exit 1)
        const auto& p = r.report.at("packets");
        const auto& dropped = p.at("dropped");
        bool any_down = false;
        for (const auto& port : r.report.at("phy").at("ports")) any_down = any_down || !port.at("events").empty();
        if (!any_down) CHECK(dropped.at("link_down").get<int64_t>() == 0);
        if (r.report.at("phy").at("fec_uncorrectable").get<int64_t>() == 0) CHECK(dropped.at("fec_uncorrectable").get<int64_t>() == 0);
        for (const char* pipeline_reason : {"runt", "l2_miss", "no_route", "pipeline_overrun", "fcs_error"})
            CHECK(dropped.at(pipeline_reason).get<int64_t>() == 0);  // nothing here makes those
        CHECK(p.at("injected").get<int64_t>() + p.at("replicated").get<int64_t>() ==
              p.at("delivered").get<int64_t>() + p.at("dropped_total").get<int64_t>() + p.at("in_flight").get<int64_t>());
    }
}
