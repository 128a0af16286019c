// The registry of frame sources (traffic.source).
#include "capture_source.h"
#include "generated_source.h"

namespace cposim {

Registry<SourceFactory>& traffic_sources() {
    static Registry<SourceFactory> registry = [] {
        Registry<SourceFactory> r("traffic source");
        r.add("generated",
              [](const SourceContext& c) -> std::unique_ptr<FrameSource> {
                  return std::make_unique<GeneratedSource>(TrafficConfig::from(c.params, c.ports), c.ports,
                                                           c.port_speed_gbps, c.seed, c.pool, c.warmup);
              },
              "the workload of traffic.pattern, .arrival, .sizes, .load, .classes");
        r.add("pcap",
              [](const SourceContext& c) -> std::unique_ptr<FrameSource> {
                  return std::make_unique<CaptureSource>(CaptureReplayConfig::from(c.params), c.ports,
                                                         c.port_speed_gbps, c.pool, c.warmup);
              },
              "the frames of traffic.pcap_file, with their real bytes (traffic.pcap_*)");
        return r;
    }();
    return registry;
}

void declare_source_parameters(ParameterRegistry& r) {
    std::string sources;  // every registered source with its one-line doc
    for (const auto& name : traffic_sources().names())
        sources += (sources.empty() ? "" : "; ") + name + " = " + traffic_sources().at(name).doc;
    r.add_choice("traffic.source", "generated", traffic_sources().names(), "the partners' frames: " + sources);
    CaptureReplayConfig::declare_parameters(r);
}

}  // namespace cposim
