// Builds and runs one fabric scenario (fabric.topology other than single): a SwitchNode per
// switch of the topology with its links' fibres, the GPUs and their NICs (GpuHosts), the
// collective they run; then assembles the report (docs/fabric.md). One call per process.
#pragma once

#include <nlohmann/json.hpp>

#include "parameters.h"
#include "switch_testbench.h"

namespace cposim {

nlohmann::json run_fabric_scenario(const ParameterSet& params, const RunOptions& options);

}  // namespace cposim
