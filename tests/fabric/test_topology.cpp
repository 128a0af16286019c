// The fabric's topologies and routes against their definitions: fat-tree sizes (Al-Fares et
// al.: k^3/4 hosts, 5k^2/4 switches of k ports), leaf-spine uplinks from the
// oversubscription, the equal-cost next hops at each tier, and bad sizes named.
#include <catch2/catch.hpp>

#include <set>

#include "all_parameters.h"
#include "errors.h"
#include "fabric_config.h"
#include "topology.h"

using namespace cposim;

namespace {

FabricConfig config_of(const std::vector<std::string>& sets) {
    ParameterSet p(parameter_registry());
    for (const auto& s : sets) p.apply_override(s);
    return FabricConfig::from(p);
}

std::set<int> hops(const Topology& t, int s, int host) {
    int n = 0;
    const uint16_t* h = t.next_hops(s, host, n);
    return std::set<int>(h, h + n);
}

}  // namespace

TEST_CASE("a fat-tree of radix k has k^3/4 hosts and 5k^2/4 switches of k ports", "[fabric]") {
    for (int k : {4, 6, 8, 16}) {
        const Topology t = build_topology(config_of({"fabric.topology=fat_tree", "fabric.k=" + std::to_string(k)}));
        CHECK(t.hosts == k * k * k / 4);
        CHECK(static_cast<int>(t.switches.size()) == 5 * k * k / 4);
        for (const auto& s : t.switches) CHECK(s.ports == k);
        // Links: every host's, and k/2 x k/2 edge-aggregation and aggregation-core links per pod.
        CHECK(static_cast<int>(t.links.size()) == k * k * k / 4 + 2 * k * (k / 2) * (k / 2));
        // Equal-cost next hops: an edge switch reaches another pod over each of its k/2
        // aggregation switches, an aggregation switch over each of its k/2 cores, a core over one.
        const int other_pod_host = t.hosts - 1;
        CHECK(hops(t, 0, other_pod_host).size() == static_cast<size_t>(k / 2));
        CHECK(hops(t, k / 2, other_pod_host).size() == static_cast<size_t>(k / 2));
        CHECK(hops(t, k * k, other_pod_host).size() == 1);
        // Across pods a shortest path is edge-agg-core-agg-edge: 4 switch-to-switch links.
        CHECK(t.hop_count(0, k * (k - 1)) == 4);
        // In the pod, another edge switch is 2 links away, over any of the k/2 aggregations.
        CHECK(t.hop_count(0, 1) == 2);
        CHECK(hops(t, 0, k / 2).size() == static_cast<size_t>(k / 2));  // host k/2: edge 1 of pod 0
    }
}

TEST_CASE("a leaf-spine's uplinks follow the oversubscription and spread over the spines", "[fabric]") {
    const Topology t = build_topology(config_of({"fabric.topology=leaf_spine", "fabric.leaves=4",
                                                 "fabric.hosts_per_leaf=16", "fabric.oversubscription=2"}));
    REQUIRE(t.switches.size() == 4 + 8);  // 16 / 2 = 8 uplinks per leaf, a spine for each
    CHECK(t.switches[0].ports == 16 + 8);
    CHECK(t.switches[4].ports == 4);
    CHECK(t.uplink_count() == 4 * 8);
    CHECK(hops(t, 0, 16).size() == 8);  // to another leaf's host: every uplink
    CHECK(hops(t, 0, 3) == std::set<int>{3});  // its own host: that host's port
    CHECK(hops(t, 4, 16) == std::set<int>{1});  // a spine: the port to the host's leaf

    // Two spines: 4 parallel links from each leaf to each spine, all of them equal.
    const Topology two = build_topology(config_of({"fabric.topology=leaf_spine", "fabric.leaves=4",
                                                   "fabric.hosts_per_leaf=8", "fabric.spines=2"}));
    CHECK(two.switches[4].ports == 16);
    CHECK(hops(two, 0, 8).size() == 8);
    CHECK(hops(two, 4, 8).size() == 4);
}

TEST_CASE("a rail-optimised fabric puts GPU i of every server on rail i", "[fabric]") {
    const Topology t = build_topology(
        config_of({"fabric.topology=rail", "fabric.leaves=8", "fabric.hosts_per_leaf=4"}));  // 4 servers of 8 GPUs
    REQUIRE(t.hosts == 32);
    for (int h = 0; h < t.hosts; ++h) {
        CHECK(t.host_port[static_cast<size_t>(h)].index == h % 8);  // rail
        CHECK(t.host_port[static_cast<size_t>(h)].port == h / 8);   // server
    }
    CHECK(t.describe().find("32 hosts, 12 switches: 8 leaf (8 ports), 4 spine (8 ports)") == 0);
}

TEST_CASE("fabric sizes that cannot be built are refused naming the key", "[fabric]") {
    auto message = [](const std::vector<std::string>& sets) {
        try {
            config_of(sets);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(message({"fabric.topology=fat_tree", "fabric.k=5"}), Catch::Contains("fabric.k: a fat-tree's radix must be even"));
    CHECK_THAT(message({"fabric.topology=leaf_spine", "fabric.hosts_per_leaf=10", "fabric.oversubscription=3"}),
               Catch::Contains("fabric.oversubscription: fabric.hosts_per_leaf (10) / oversubscription (3) is not a whole number"));
    CHECK_THAT(message({"fabric.topology=leaf_spine", "fabric.hosts_per_leaf=8", "fabric.spines=3"}),
               Catch::Contains("fabric.spines: 3 spines do not split a leaf's 8 uplinks evenly"));
}
