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
    std::string waves_path;  ///< where the pipeline may write its own waves; empty: none
};

std::unique_ptr<ForwardingPipeline> make_forwarding_pipeline(const ParameterSet& params,
                                                             const PipelineBuildOptions& options);

}  // namespace cposim
