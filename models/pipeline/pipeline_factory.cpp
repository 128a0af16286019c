#include "pipeline_factory.h"

#include <cmath>

#include "errors.h"
#include "header_pipelines.h"
#include "table_programme.h"

namespace cposim {

void PipelineConfig::declare_parameters(ParameterRegistry& r) {
    r.add_choice("switch.pipeline", "destination", {"destination", "golden", "rtl", "checked"},
                 "forwarding decisions: destination = the source's choice after "
                 "switch.pipeline_cycles; golden = C++ model of rtl/fwd_pipeline.sv; rtl = the "
                 "Verilated RTL; checked = both, compared per packet (golden/rtl/checked: at "
                 "most 64 ports, latency = the RTL's, 4 cycles)");
    // Assumed: 250 cycles = 200 ns at 1.25 GHz, within the ~300-500 ns port-to-port latency
    // of cut-through datacenter switches (ipspace.net 2015) once MAC/PCS time is added.
    r.add_integer("switch.pipeline_cycles", 250, 0, 100000,
                  "forwarding latency in core clock cycles of switch.pipeline=destination (the "
                  "other pipelines take the RTL's own latency)");
    r.add_choice("switch.rtl_waves", "vcd", {"vcd", "fst"},
                 "format of the RTL's own waves (rtl/checked with --vcd FILE): vcd writes "
                 "FILE.rtl.vcd, fst writes FILE.rtl.fst (compressed, GTKWave opens it)");
}

namespace {

// Programs a pipeline's tables over its TLM-2.0 register socket, as driver software would.
void program(fwd::RegisterTarget& regs, int ports) {
    fwd::RegisterClient client(regs.forward_interface());
    fwd::program_default_tables(client, ports);
}

}  // namespace

std::unique_ptr<ForwardingPipeline> make_forwarding_pipeline(const ParameterSet& params,
                                                             const PipelineBuildOptions& options) {
    const std::string& kind = params.text("switch.pipeline");
    if (kind == "destination")
        return std::make_unique<DestinationPortPipeline>(
            static_cast<uint32_t>(params.integer("switch.pipeline_cycles")));
    if (options.ports > fwd::kPorts)
        throw ConfigError("switch.pipeline=" + kind + ": the forwarding pipeline serves at most " +
                          std::to_string(fwd::kPorts) + " ports, switch.ports is " +
                          std::to_string(options.ports) +
                          " (use switch.pipeline=destination for larger switches)");
    const auto period_ps =
        static_cast<uint32_t>(std::lround(1e3 / params.real("switch.core_clock")));
    const std::string waves_path =
        options.waves_stem.empty() ? "" : options.waves_stem + "." + params.text("switch.rtl_waves");
    if (kind == "golden") {
        auto p = std::make_unique<fwd::GoldenPipeline>();
        program(p->registers(), options.ports);
        return p;
    }
    if (kind == "rtl") {
        auto p = std::make_unique<fwd::RtlPipeline>(waves_path, period_ps);
        program(p->registers(), options.ports);
        return p;
    }
    auto p = std::make_unique<fwd::CheckedPipeline>(waves_path, period_ps);
    program(p->golden().registers(), options.ports);
    program(p->rtl().registers(), options.ports);
    return p;
}

}  // namespace cposim
