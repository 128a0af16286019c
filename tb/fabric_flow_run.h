// The flow-level fidelity of a fabric run (fabric.fidelity = flow): every message is a fluid
// flow over its path at a max-min fair rate (models/fabric/max_min_rates.h), recomputed
// whenever a flow starts or ends; a message is delivered when its bytes have drained plus
// its last frame's unloaded trip. No switch models, no packets: for sweeps over thousands of
// GPUs. docs/fabric.md says what it leaves out against the packet level.
#pragma once

#include <nlohmann/json.hpp>

#include "fabric_plan.h"
#include "switch_testbench.h"

namespace cposim {

nlohmann::json run_fabric_flows(const FabricPlan& plan, const SimulationConfig& sim, const RunOptions& options);

}  // namespace cposim
