// The fabric's parameters (fabric.*): which topology, its sizes, its links' lengths and how
// switches spread traffic over equal paths. fabric.topology = single is today's one-switch
// run (tb/switch_testbench); every other topology is built by build_topology().
#pragma once

#include <string>

#include "parameters.h"

namespace cposim {

enum class TopologyKind { single, leaf_spine, fat_tree, rail, ocs, hybrid };
enum class LoadBalancing { ecmp, spray_rr, spray_random, flowlet, adaptive };

struct FabricConfig {
    TopologyKind topology = TopologyKind::single;
    int leaves = 0;            ///< leaf_spine, rail (rail: one leaf per rail = GPUs per server)
    int spines = 0;            ///< 0: one per leaf uplink
    int hosts_per_leaf = 0;    ///< rail: servers
    double oversubscription = 1;  ///< leaf downlink over uplink bandwidth
    int k = 0;                 ///< fat_tree radix
    int planes = 1;            ///< copies of the topology; a NIC port on each
    int ocs_uplinks = 1;       ///< hybrid: each leaf's uplinks to the OCS layer (besides those to spines)
    int ocs_units = 1;         ///< hybrid: OCS units they spread over
    double host_link_m = 0, spine_link_m = 0, core_link_m = 0;
    LoadBalancing load_balancing = LoadBalancing::ecmp;
    double flowlet_gap_ns = 0;
    std::string origin_of_oversubscription;  ///< for error messages

    static void declare_parameters(ParameterRegistry& r);
    static FabricConfig from(const ParameterSet& p);  // checks the sizes; ConfigError naming the key
};

const char* topology_name(TopologyKind kind);
const char* load_balancing_name(LoadBalancing lb);

}  // namespace cposim
