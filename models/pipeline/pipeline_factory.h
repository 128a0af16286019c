// Chooses and builds the forwarding pipeline of a run from its parameters.
#pragma once

#include <memory>
#include <string>

#include "forwarding_pipeline.h"
#include "parameters.h"

namespace cposim {

struct PipelineConfig {
    static void declare_parameters(ParameterRegistry& r);
};

struct PipelineBuildOptions {
    int ports = 0;
    /// where the pipeline may write its own waves, without the extension (".vcd" or ".fst"
    /// is added as switch.rtl_waves says); empty: none
    std::string waves_stem;
};

std::unique_ptr<ForwardingPipeline> make_forwarding_pipeline(const ParameterSet& params,
                                                             const PipelineBuildOptions& options);

}  // namespace cposim
