// The flow-level fidelity: max-min fair rates worked by hand, and fabric runs at flow level
// against the same runs at packet level (the differences are documented in docs/fabric.md).
#include <catch2/catch.hpp>

#include <string>

#include "max_min_rates.h"
#include "run_cposim.h"

using namespace cposim;

TEST_CASE("max-min fair rates by progressive filling, worked by hand", "[fabric][flow]") {
    // Links A (1) and B (2). f1 on A, f2 on A and B, f3 on B: A fills first at 1/2 each; f3
    // then takes what B has left: 2 - 1/2 = 3/2.
    const std::vector<double> capacity{1, 2};
    const std::vector<FlowUse> f1{{0, 1}}, f2{{0, 1}, {1, 1}}, f3{{1, 1}};
    const auto r = max_min_rates(capacity, {&f1, &f2, &f3});
    CHECK(r[0] == Approx(0.5));
    CHECK(r[1] == Approx(0.5));
    CHECK(r[2] == Approx(1.5));
    // A flow spread evenly over two links of 1 (half its rate on each) runs at 2 alone, and
    // shares fairly with a flow on one of them: 2/3 each (A: 1/3 + 2/3 = 1; B: 1/3 of 1).
    const std::vector<FlowUse> spread{{0, 0.5}, {1, 0.5}}, single{{0, 1}};
    CHECK(max_min_rates({1, 1}, {&spread})[0] == Approx(2));
    const auto shared = max_min_rates({1, 1}, {&spread, &single});
    CHECK(shared[0] == Approx(2.0 / 3));
    CHECK(shared[1] == Approx(2.0 / 3));
}

TEST_CASE("flow level agrees with packet level on small fabrics", "[fabric][flow][run]") {
    auto both = [](const std::string& sets) {
        const std::string run = "run " + source_path("configs/default.yaml") + " --set sim.duration_us=5000 " + sets;
        return std::pair{run_cposim(run + " --set fabric.fidelity=packet", true),
                         run_cposim(run + " --set fabric.fidelity=flow", true)};
    };
    auto completion = [](const CposimResult& r) { return r.report.at("collective").at("completion_us").get<double>(); };
    // An uncontended ring all-reduce: the same steps; the packet level adds the ACKs ahead of
    // each next chunk (0.84 ns each), the flow level has no ACKs.
    {
        const auto [packet, flow] = both("--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                                         "--set workload.bytes=4MiB");
        REQUIRE(packet.exit_code == 0);
        REQUIRE(flow.exit_code == 0);
        CHECK(flow.output.find("flow level") != std::string::npos);
        CHECK(completion(flow) == Approx(completion(packet)).epsilon(0.001));
    }
    // ECMP collisions: the flow level hashes each flow onto the same uplink the packet level
    // does, and two flows on one uplink share it fairly at both levels.
    {
        const auto [packet, flow] = both("--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
                                         "--set workload.collective=shift --set workload.bytes=1MiB");
        REQUIRE(packet.exit_code == 0);
        REQUIRE(flow.exit_code == 0);
        CHECK(completion(flow) == Approx(completion(packet)).epsilon(0.03));
        CHECK(flow.report.at("fabric").at("uplink_utilisation").at("fraction_carrying_traffic") ==
              packet.report.at("fabric").at("uplink_utilisation").at("fraction_carrying_traffic"));
    }
    // An all-to-all on a k = 4 fat-tree with spraying: the flow level spreads each flow
    // evenly; the packet level's round robin comes close.
    {
        const auto [packet, flow] = both("--set fabric.topology=fat_tree --set fabric.k=4 --set fabric.load_balancing=spray_rr "
                                         "--set workload.collective=alltoall --set workload.bytes=4MiB");
        REQUIRE(packet.exit_code == 0);
        REQUIRE(flow.exit_code == 0);
        CHECK(completion(flow) == Approx(completion(packet)).epsilon(0.05));
    }
}
