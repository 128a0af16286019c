// The fabric presets run as documented: the AI pods (CPO and pluggable) with their sizes,
// their switches' power adding up, and the pluggable pod slower by its DSP retimers; the
// 1024-GPU fat-tree at flow level.
#include <catch2/catch.hpp>

#include <string>

#include "run_cposim.h"

namespace {
nlohmann::json preset(const std::string& name, const std::string& sets) {
    const auto r = run_cposim("run " + source_path("configs/" + name + ".yaml") + " " + sets, true);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return r.report;
}
}  // namespace

TEST_CASE("the AI pod presets: 128 GPUs on 6 switches, power adding up, retimers costing time", "[fabric][presets]") {
    const auto cpo = preset("ai-pod-128-cpo", "--set workload.bytes=1MiB");
    const auto plug = preset("ai-pod-128-pluggable", "--set workload.bytes=1MiB");
    for (const auto* r : {&cpo, &plug}) {
        CHECK(r->at("fabric").at("hosts") == 128);
        CHECK(r->at("fabric").at("switches") == 6);
        CHECK(r->at("collective").at("complete") == true);
        CHECK(r->at("packets").at("dropped_total") == 0);
        double sum = 0;
        for (const auto& s : r->at("fabric").at("switch_list")) sum += s.at("power_w").get<double>();
        CHECK(sum == Approx(r->at("power_w").at("switches").get<double>()));
        CHECK(r->at("energy").at("collective_j").get<double>() ==
              Approx(sum * r->at("collective").at("completion_us").get<double>() * 1e-6));
    }
    CHECK(cpo.at("fabric").at("switch_list")[0].at("packaging") == "cpo");
    CHECK(plug.at("fabric").at("switch_list")[0].at("packaging") == "pluggable");
    // Ring all-reduce: 254 steps, each ending with a trip through at least one switch, whose
    // PHY's DSP retimers add 2 x 50 ns: the pluggable pod is slower by at least 254 x 100 ns.
    const double extra_us = plug.at("collective").at("completion_us").get<double>() -
                            cpo.at("collective").at("completion_us").get<double>();
    CHECK(extra_us >= 254 * 0.1 - 1e-6);
    CHECK(plug.at("power_w").at("switches").get<double>() > 2 * cpo.at("power_w").at("switches").get<double>());
}

TEST_CASE("the 1024-GPU fat-tree preset at flow level", "[fabric][presets][flow]") {
    const auto r = preset("fat-tree-1024", "--set fabric.fidelity=flow --set workload.bytes=64MiB");
    CHECK(r.at("fabric").at("hosts") == 1024);
    CHECK(r.at("fabric").at("switches") == 320);
    CHECK(r.at("collective").at("complete") == true);
    CHECK(r.at("collective").at("gpus") == 1024);
}

TEST_CASE("the Chakra trace preset: every bucket's all-reduce hides under the next layer but the last", "[fabric][presets][trace]") {
    // configs/traces/dp-16 (scripts/make_chakra_example.py): 8 x 75 us forward, 8 x 150 us
    // backward, a 4 MiB all-reduce after each layer's backward, a 50 us optimizer step after
    // all of them. An all-reduce alone takes less than a layer's backward, so each one but the
    // last runs on an idle fabric beside compute: the step takes its 1,850 us of compute plus
    // one all-reduce as long as the same all-reduce run alone.
    const auto trace = preset("chakra-dp-16", "");
    const auto alone = preset("chakra-dp-16", "--set workload.trace= --set workload.bytes=4MiB");
    const double all_reduce_us = alone.at("collective").at("completion_us").get<double>();
    REQUIRE(all_reduce_us < 150);
    CHECK(trace.at("collective").at("completion_us").get<double>() == Approx(1850 + all_reduce_us).epsilon(1e-9));
    const auto& t = trace.at("collective").at("trace");
    CHECK(t.at("ranks") == 16);
    CHECK(t.at("compute_us_busiest_rank") == 1850);
    REQUIRE(t.at("collectives").size() == 8);
    for (const auto& c : t.at("collectives"))
        CHECK(c.at("duration_us").get<double>() == Approx(all_reduce_us).epsilon(1e-9));
    CHECK(trace.at("packets").at("dropped_total") == 0);
}

TEST_CASE("the OCS pod: circuits in place of spines save the spine's latency on the ring's critical path", "[fabric][presets][ocs]") {
    // The same pod with electrical spines at flow level against MEMS circuits: a ring step
    // that crosses leaves passes a spine (110 ns FEC + 200 ns pipeline + a 41.78 ns frame)
    // electrically and nothing through a circuit. The ring's longest chain of 2(n-1) = 254
    // steps walks back over 254 consecutive ranks and so crosses the 4 leaf boundaries of the
    // 128-rank ring 8 times: the OCS pod completes 8 x 351.78 ns sooner.
    const auto ocs = preset("ai-pod-128-ocs", "--set workload.bytes=1MiB");
    const auto electrical = preset("ai-pod-128-cpo", "--set workload.bytes=1MiB --set fabric.fidelity=flow");
    const double saved_ns = (electrical.at("collective").at("completion_us").get<double>() -
                             ocs.at("collective").at("completion_us").get<double>()) * 1e3;
    CHECK(saved_ns == Approx(8 * (110 + 200 + (4096 + 62 + 20) * 8 / 800.0)).margin(1.0));
    CHECK(ocs.at("ocs").at("power_w").get<double>() == Approx(216.0));  // 2 OCS of ~108 W
    CHECK(ocs.at("ocs").at("link").at("closes") == true);
    CHECK(ocs.at("fabric").at("switches") == 6);
}
