// A fabric of leaves joined by optical circuit switches (fabric.topology = ocs), run as a
// time-stepped fluid: bytes, not packets, move in steps of ocs.time_step_ns (a step also ends
// where a circuit changes, a message is posted or one arrives). In each step
//   1. every GPU's NIC sends what its open messages have left, its link's rate shared equally
//      among them (a queue pair's messages one after the other), into its leaf: into the
//      leaf's queue for the destination leaf (or straight to the destination's port on the
//      same leaf; NVLink inside a server);
//   2. every circuit that is up carries, at the leaf port's rate: first the bytes its leaf
//      holds for the circuit's far leaf as a relay (two_hop), then the leaf's queued bytes:
//      direct routing only those for the far leaf; two_hop (Valiant load balancing) those for
//      any leaf, shared equally, the far leaf keeping what is not its own as a relay;
//   3. every destination leaf sends its GPUs what arrived for them, at their links' rate.
// Edge queues are unbounded (the leaves hold traffic while circuits are dark; the report gives
// their peak). A message arrives when its last byte has come down to its GPU, plus its trip
// (fibres, and at each leaf its PHY latency, pipeline and a full frame's wire time). The OCS's
// circuits follow ocs.schedule (models/ocs/circuit_schedule.h); docs/ocs.md defines the report.
#pragma once

#include <nlohmann/json.hpp>

#include "fabric_plan.h"
#include "switch_testbench.h"

namespace cposim {

nlohmann::json run_ocs_fabric(const FabricPlan& plan, const SimulationConfig& sim, const RunOptions& options);

}  // namespace cposim
