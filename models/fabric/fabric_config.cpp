#include "fabric_config.h"

#include <cmath>

#include "errors.h"

namespace cposim {

void FabricConfig::declare_parameters(ParameterRegistry& r) {
    r.add_choice("fabric.topology", "single", {"single", "leaf_spine", "fat_tree", "rail", "ocs", "hybrid"},
                 "single: one switch and its link partners (traffic.*); leaf_spine: fabric.leaves leaves of "
                 "fabric.hosts_per_leaf hosts and spines; fat_tree: 3 tiers of radix fabric.k (k^3/4 hosts, "
                 "5k^2/4 switches); rail: rail-optimised, GPU i of every server on leaf (rail) i; ocs: leaves "
                 "joined by fabric.spines optical circuit switches (ocs.*, docs/ocs.md); hybrid: leaf_spine's "
                 "electrical spines and beside them fabric.ocs_uplinks per leaf to fabric.ocs_units OCS");
    r.add_integer("fabric.ocs_uplinks", 1, 1, 4096,
                  "hybrid: each leaf's uplinks to the OCS layer, besides its hosts_per_leaf / oversubscription to "
                  "the electrical spines");
    r.add_integer("fabric.ocs_units", 1, 1, 4096, "hybrid: OCS units the leaves' OCS uplinks spread over evenly");
    r.add_integer("fabric.leaves", 4, 1, 4096, "leaf_spine: leaves; rail: rails (= GPUs per server)");
    r.add_integer("fabric.spines", 0, 0, 4096,
                  "leaf_spine, rail: spines; 0: one per leaf uplink (uplinks = hosts_per_leaf / oversubscription), "
                  "else the uplinks spread evenly over them (parallel links)");
    r.add_integer("fabric.hosts_per_leaf", 8, 1, 1024, "leaf_spine: hosts on each leaf; rail: servers");
    r.add_real("fabric.oversubscription", Dimension::none, "", 1, 1, 64,
               "leaf_spine, rail: a leaf's host bandwidth over its uplink bandwidth (1: non-blocking); "
               "hosts_per_leaf / oversubscription must be a whole number of uplinks");
    r.add_integer("fabric.k", 4, 2, 64, "fat_tree: switch radix (even): k pods of k/2 edge and k/2 aggregation "
                                        "switches, (k/2)^2 core switches, k^3/4 hosts");
    r.add_integer("fabric.planes", 1, 1, 16,
                  "multi-plane: copies of the topology, each a plane of its own switches; every GPU's NIC has a "
                  "port on each plane (of the host port's speed) and stripes each message over them (docs/fabric.md)");
    r.add_real("fabric.host_link_length", Dimension::length, "m", 2, 0, 100e3,
               "fibre between a host and its leaf (edge) switch");
    r.add_real("fabric.spine_link_length", Dimension::length, "m", 10, 0, 100e3,
               "fibre between a leaf and a spine (fat_tree: edge and aggregation)");
    r.add_real("fabric.core_link_length", Dimension::length, "m", 50, 0, 100e3,
               "fat_tree: fibre between an aggregation and a core switch");
    r.add_choice("fabric.load_balancing", "ecmp", {"ecmp", "spray_rr", "spray_random", "flowlet", "adaptive"},
                 "how a switch picks among equal-cost next hops: ecmp (hash of the flow with the switch's own "
                 "seed), spray_rr (round robin per packet), spray_random (random per packet), flowlet (a flow "
                 "moves to the least-loaded next hop after a gap of fabric.flowlet_gap), adaptive (per packet, "
                 "the next hop with the fewest bytes queued)");
    r.add_choice("fabric.fidelity", "packet", {"packet", "flow"},
                 "packet: every frame through every switch model (the default); flow: every message a fluid flow "
                 "at max-min fair rates recomputed as flows start and end, no switch models: for sweeps over "
                 "thousands of GPUs (docs/fabric.md: what it leaves out)");
    r.add_real("fabric.flowlet_gap", Dimension::time, "ns", 2000, 1, 1e9,
               "load_balancing=flowlet: a pause in a flow at least this long starts a new flowlet "
               "(assumed: a few round trips of a pod)");
}

namespace {
void fail(const ParameterSet& p, const std::string& key, const std::string& what) {
    throw ConfigError(p.value(key).origin + ": " + key + ": " + what);
}
}  // namespace

FabricConfig FabricConfig::from(const ParameterSet& p) {
    FabricConfig c;
    const std::string& t = p.text("fabric.topology");
    c.topology = t == "leaf_spine" ? TopologyKind::leaf_spine
                 : t == "fat_tree" ? TopologyKind::fat_tree
                 : t == "rail"     ? TopologyKind::rail
                 : t == "ocs"      ? TopologyKind::ocs
                 : t == "hybrid"   ? TopologyKind::hybrid
                                   : TopologyKind::single;
    c.leaves = static_cast<int>(p.integer("fabric.leaves"));
    c.spines = static_cast<int>(p.integer("fabric.spines"));
    c.hosts_per_leaf = static_cast<int>(p.integer("fabric.hosts_per_leaf"));
    c.oversubscription = p.real("fabric.oversubscription");
    c.k = static_cast<int>(p.integer("fabric.k"));
    c.planes = static_cast<int>(p.integer("fabric.planes"));
    c.ocs_uplinks = static_cast<int>(p.integer("fabric.ocs_uplinks"));
    c.ocs_units = static_cast<int>(p.integer("fabric.ocs_units"));
    if (c.topology == TopologyKind::hybrid && c.ocs_uplinks % c.ocs_units != 0)
        fail(p, "fabric.ocs_units", std::to_string(c.ocs_units) + " OCS units do not split a leaf's " +
                                        std::to_string(c.ocs_uplinks) + " OCS uplinks (fabric.ocs_uplinks) evenly");
    c.host_link_m = p.real("fabric.host_link_length");
    c.spine_link_m = p.real("fabric.spine_link_length");
    c.core_link_m = p.real("fabric.core_link_length");
    const std::string& lb = p.text("fabric.load_balancing");
    c.load_balancing = lb == "spray_rr"       ? LoadBalancing::spray_rr
                       : lb == "spray_random" ? LoadBalancing::spray_random
                       : lb == "flowlet"      ? LoadBalancing::flowlet
                       : lb == "adaptive"     ? LoadBalancing::adaptive
                                              : LoadBalancing::ecmp;
    c.flowlet_gap_ns = p.real("fabric.flowlet_gap");
    if (c.topology == TopologyKind::leaf_spine || c.topology == TopologyKind::rail || c.topology == TopologyKind::ocs ||
        c.topology == TopologyKind::hybrid) {
        const double uplinks = c.hosts_per_leaf / c.oversubscription;
        if (std::fabs(uplinks - std::round(uplinks)) > 1e-9 || uplinks < 1)
            fail(p, "fabric.oversubscription",
                 "fabric.hosts_per_leaf (" + std::to_string(c.hosts_per_leaf) + ") / oversubscription (" +
                     p.value("fabric.oversubscription").text + ") is not a whole number of uplinks (at least 1)");
        const int up = static_cast<int>(std::lround(uplinks));
        if (c.spines == 0) c.spines = up;
        if (up % c.spines != 0)
            fail(p, "fabric.spines",
                 std::to_string(c.spines) + " spines do not split a leaf's " + std::to_string(up) +
                     " uplinks evenly (uplinks = hosts_per_leaf / oversubscription)");
    }
    if (c.topology == TopologyKind::fat_tree && (c.k % 2 != 0 || c.k < 4))
        fail(p, "fabric.k", "a fat-tree's radix must be even and at least 4, not " + std::to_string(c.k));
    return c;
}

const char* topology_name(TopologyKind kind) {
    switch (kind) {
        case TopologyKind::single: return "single";
        case TopologyKind::leaf_spine: return "leaf_spine";
        case TopologyKind::fat_tree: return "fat_tree";
        case TopologyKind::rail: return "rail";
        case TopologyKind::ocs: return "ocs";
        case TopologyKind::hybrid: return "hybrid";
    }
    return "?";
}

const char* load_balancing_name(LoadBalancing lb) {
    switch (lb) {
        case LoadBalancing::ecmp: return "ecmp";
        case LoadBalancing::spray_rr: return "spray_rr";
        case LoadBalancing::spray_random: return "spray_random";
        case LoadBalancing::flowlet: return "flowlet";
        case LoadBalancing::adaptive: return "adaptive";
    }
    return "?";
}

}  // namespace cposim
