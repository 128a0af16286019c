// What a fabric run is made of, worked out and checked before anything is built: the
// topology, every switch's configuration (its tier's port count, each port's PFC headroom
// from its own link), the links' rates, the GPUs' transport and the collective's
// configuration, and the unloaded latencies the report's ideal completion times use. Both
// fidelities start from it: the packet-level testbench (fabric_testbench.cpp) builds
// SystemC models from it, the flow-level run (fabric_flow_run.cpp) solves rates on it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "collective.h"
#include "fabric_config.h"
#include "gpu_hosts.h"
#include "parameters.h"
#include "switch_config.h"
#include "topology.h"
#include "trace_workload.h"

namespace cposim {

struct FabricPlan {
    FabricConfig fabric;
    Topology topo;
    ParameterSet params;  ///< the run's, with each tier's switch.ports set by the topology
    std::vector<SwitchConfig> configs;          ///< per switch
    std::vector<double> longest_link_m;         ///< per switch
    std::vector<std::vector<double>> port_length_m;  ///< per switch and port
    std::vector<double> rx_latency_ps;          ///< per switch: its PHY's FEC and DSP retimers
    std::vector<double> pipeline_ps;            ///< per switch: its forwarding latency
    std::vector<double> host_rate_gbps;         ///< per host: its link's rate
    HostConfig host;
    CollectiveConfig collective;
    std::shared_ptr<const ChakraTrace> trace;  ///< workload.trace read; null: the collective runs
    TraceWorkloadConfig trace_config;

    explicit FabricPlan(const ParameterSet& params);  // throws ConfigError naming the key

    /// What the GPUs run: the Chakra trace when workload.trace names one, else the collective.
    /// Throws ConfigError for a trace the fabric cannot run.
    std::unique_ptr<Workload> make_workload(uint64_t seed) const;

    /// The unloaded time from a message's first frame starting at `src` to its last byte
    /// arriving at `dst`: its frames back to back at src's rate, then the last frame's trip
    /// over a shortest path (fibres; at each switch its wire time, the PHY, the pipeline);
    /// between GPUs of one server: its bytes at the NVLink rate plus the NVLink latency.
    double ideal_message_ps(int src, int dst, int64_t bytes) const;
    /// The payload rate of a link of `gbps` for full frames: gbps x mtu / (mtu + headers + 20).
    double payload_gbps(double gbps) const;
};

TimePs fibre_delay_ps(double length_m);

// The report's fabric section: what was built, the switches' summaries (`switches`, an
// array, may be empty) and the uplinks' utilisation from each switch port's frame bytes sent
// over `seconds`.
void write_fabric_report(nlohmann::json& report, const FabricPlan& plan, const nlohmann::json& switches,
                         const std::vector<std::vector<double>>& port_bytes, double seconds);

// The report's collective and flows sections from the messages' posted and delivered times
// (-1: not delivered) and the workload's completion.
void write_collective_report(nlohmann::json& report, const FabricPlan& plan, const Workload& workload,
                             const std::vector<TimePs>& posted, const std::vector<TimePs>& delivered);

}  // namespace cposim
