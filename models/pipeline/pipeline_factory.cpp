#include "pipeline_factory.h"

namespace cposim {

void PipelineConfig::declare_parameters(ParameterRegistry& r) {
    // Assumed: 250 cycles = 200 ns at 1.25 GHz, within the ~300-500 ns port-to-port latency
    // of cut-through datacenter switches (ipspace.net 2015) once MAC/PCS time is added.
    r.add_integer("switch.pipeline_cycles", 250, 0, 100000,
                  "forwarding pipeline latency in core clock cycles");
}

std::unique_ptr<ForwardingPipeline> make_forwarding_pipeline(const ParameterSet& params,
                                                             const PipelineBuildOptions&) {
    return std::make_unique<DestinationPortPipeline>(
        static_cast<uint32_t>(params.integer("switch.pipeline_cycles")));
}

}  // namespace cposim
