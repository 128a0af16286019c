// The forwarding pipelines, registered by name (switch.pipeline): destination, golden, rtl,
// checked. A user adds one by registering a factory under a new name.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "forwarding_pipeline.h"
#include "parameters.h"
#include "registry.h"
#include "table_programme.h"

namespace cposim {

struct PipelineConfig {
    static void declare_parameters(ParameterRegistry& r);
};

struct PipelineBuildOptions {
    int ports = 0;
    std::string name = "pipeline";  ///< its modules' names: NAME_golden, NAME_rtl, ...
    /// where the pipeline may write its own waves, without the extension (".vcd" or ".fst"
    /// is added as switch.rtl_waves says); empty: none
    std::string waves_stem;
    /// the L2 entries the tables get (a replayed capture's hosts, program_hosts); null: the
    /// address plan (program_default_tables)
    const std::vector<fwd::L2Host>* l2_hosts = nullptr;
};

using PipelineFactory =
    std::function<std::unique_ptr<ForwardingPipeline>(const ParameterSet&, const PipelineBuildOptions&)>;

// The registered pipelines; the built-in ones are there from the first call.
Registry<PipelineFactory>& forwarding_pipelines();

// The pipeline switch.pipeline names.
std::unique_ptr<ForwardingPipeline> make_forwarding_pipeline(const ParameterSet& params,
                                                             const PipelineBuildOptions& options);

}  // namespace cposim
