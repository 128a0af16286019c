#include "pipeline_factory.h"

#include <cmath>

#include "errors.h"
#include "header_pipelines.h"
#include "table_programme.h"

namespace cposim {

void PipelineConfig::declare_parameters(ParameterRegistry& r) {
    std::string pipelines;  // every registered pipeline with its one-line doc
    for (const auto& name : forwarding_pipelines().names())
        pipelines += (pipelines.empty() ? "" : "; ") + name + " = " + forwarding_pipelines().at(name).doc;
    r.add_choice("switch.pipeline", "destination", forwarding_pipelines().names(),
                 "forwarding decisions: " + pipelines);
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

// Programs a pipeline's tables over its TLM-2.0 register socket, as driver software would:
// the address plan, or the hosts of a replayed capture.
void program(fwd::RegisterTarget& regs, const PipelineBuildOptions& options) {
    fwd::RegisterClient client(regs.forward_interface());
    if (options.l2_hosts)
        fwd::program_hosts(client, options.ports, *options.l2_hosts);
    else
        fwd::program_default_tables(client, options.ports);
}

// The header pipelines serve at most fwd::kPorts ports and run at the core clock.
void check_ports(const std::string& kind, int ports) {
    if (ports > fwd::kPorts)
        throw ConfigError("switch.pipeline=" + kind + ": the forwarding pipeline serves at most " +
                          std::to_string(fwd::kPorts) + " ports, switch.ports is " + std::to_string(ports) +
                          " (use switch.pipeline=destination for larger switches)");
}
double core_period_ps(const ParameterSet& params) { return 1e3 / params.real("switch.core_clock"); }
std::string waves_path(const ParameterSet& params, const PipelineBuildOptions& options) {
    return options.waves_stem.empty() ? "" : options.waves_stem + "." + params.text("switch.rtl_waves");
}

}  // namespace

Registry<PipelineFactory>& forwarding_pipelines() {
    static Registry<PipelineFactory> registry = [] {
        Registry<PipelineFactory> r("forwarding pipeline");
        r.add("destination",
              [](const ParameterSet& params, const PipelineBuildOptions&) -> std::unique_ptr<ForwardingPipeline> {
                  return std::make_unique<DestinationPortPipeline>(
                      static_cast<uint32_t>(params.integer("switch.pipeline_cycles")));
              },
              "the source's choice after switch.pipeline_cycles");
        r.add("golden",
              [](const ParameterSet&, const PipelineBuildOptions& options) -> std::unique_ptr<ForwardingPipeline> {
                  check_ports("golden", options.ports);
                  auto p = std::make_unique<fwd::GoldenPipeline>((options.name + "_golden").c_str());
                  program(p->registers(), options);
                  return p;
              },
              "C++ model of rtl/fwd_pipeline.sv");
        r.add("rtl",
              [](const ParameterSet& params, const PipelineBuildOptions& options) -> std::unique_ptr<ForwardingPipeline> {
                  check_ports("rtl", options.ports);
                  auto p = std::make_unique<fwd::RtlPipeline>(waves_path(params, options), core_period_ps(params),
                                                              (options.name + "_rtl").c_str());
                  program(p->registers(), options);
                  return p;
              },
              "the Verilated RTL");
        r.add("checked",
              [](const ParameterSet& params, const PipelineBuildOptions& options) -> std::unique_ptr<ForwardingPipeline> {
                  check_ports("checked", options.ports);
                  auto p = std::make_unique<fwd::CheckedPipeline>(waves_path(params, options), core_period_ps(params),
                                                                  options.name);
                  program(p->golden().registers(), options);
                  program(p->rtl().registers(), options);
                  return p;
              },
              "both, compared per packet (golden/rtl/checked: at most 64 ports, latency = the RTL's, 4 cycles)");
        return r;
    }();
    return registry;
}

std::unique_ptr<ForwardingPipeline> make_forwarding_pipeline(const ParameterSet& params,
                                                             const PipelineBuildOptions& options) {
    return forwarding_pipelines().at(params.text("switch.pipeline")).make(params, options);
}

}  // namespace cposim
