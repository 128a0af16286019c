#include "all_parameters.h"

#include "assembly_config.h"
#include "box_power.h"
#include "collective.h"
#include "fabric_config.h"
#include "gpu_hosts.h"
#include "ocs_config.h"
#include "cost_model.h"
#include "dcqcn.h"
#include "fault_schedule.h"
#include "frame_source.h"
#include "phy_config.h"
#include "switch_config.h"
#include "trace_workload.h"
#include "traffic_config.h"
#include "pipeline_factory.h"
#include "switch_testbench.h"

namespace cposim {

const ParameterRegistry& parameter_registry() {
    static const ParameterRegistry registry = [] {
        ParameterRegistry r;
        r.add_text("description", "", "free text describing the scenario, copied to the report");
        SimulationConfig::declare_parameters(r);
        SwitchConfig::declare_parameters(r);
        PipelineConfig::declare_parameters(r);
        TrafficConfig::declare_parameters(r);
        declare_source_parameters(r);
        declare_fault_parameters(r);
        PhyConfig::declare_parameters(r);
        AssemblyConfig::declare_parameters(r);
        BoxPowerConfig::declare_parameters(r);
        CostConfig::declare_parameters(r);
        FabricConfig::declare_parameters(r);
        CollectiveConfig::declare_parameters(r);
        TraceWorkloadConfig::declare_parameters(r);
        OcsConfig::declare_parameters(r);
        HostConfig::declare_parameters(r);
        DcqcnConfig::declare_parameters(r);
        return r;
    }();
    return registry;
}

}  // namespace cposim
