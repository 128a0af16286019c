#include "traffic_config.h"

#include "errors.h"

namespace cposim {

void TrafficConfig::declare_parameters(ParameterRegistry& r) {
    r.add_choice("traffic.pattern", "uniform",
                 {"uniform", "permutation", "hotspot", "incast", "all_to_all", "ring_allreduce"},
                 "destinations: uniform over all ports; permutation (fixed random one-to-one); "
                 "hotspot; incast (senders to one port); all_to_all (each source cycles over "
                 "every other port); ring_allreduce (port i to i+1)");
    r.add_choice("traffic.arrival", "bernoulli", {"bernoulli", "poisson", "onoff"},
                 "arrivals: bernoulli per slot (slot = wire time of a mean-size frame, aligned "
                 "across ports); poisson; onoff (geometric bursts of back-to-back frames)");
    r.add_choice("traffic.sizes", "fixed", {"fixed", "imix", "datacenter"},
                 "frame sizes: fixed (traffic.packet_bytes); imix (64/594/1518 B as 7:4:1); "
                 "datacenter (bimodal: 64/256/576/1500 B as 40:10:10:40)");
    r.add_real("traffic.load", Dimension::none, "", 0.7, 0, 1,
               "offered load per active source, fraction of the port line rate");
    r.add_integer("traffic.packet_bytes", 512, 64, 9216,
                  "frame size in bytes for traffic.sizes=fixed, destination MAC to FCS "
                  "(the wire adds 20 B of preamble and inter-frame gap)");
    r.add_integer("traffic.classes", 1, 1, 8,
                  "frames are spread uniformly over traffic classes 0..classes-1");
    r.add_real("traffic.hotspot_fraction", Dimension::none, "", 0.2, 0, 1,
               "pattern=hotspot: fraction of every source's frames sent to traffic.hotspot_port");
    r.add_integer("traffic.hotspot_port", 0, 0, 1023,
                  "pattern=hotspot or incast: the port the hot traffic goes to");
    r.add_integer("traffic.incast_senders", 0, 0, 1023,
                  "pattern=incast: number of sending ports (the ports after the target, "
                  "wrapping); 0 = every other port");
    r.add_real("traffic.broadcast_fraction", Dimension::none, "", 0, 0, 1,
               "share of frames sent to the broadcast address: the switch floods a copy to every "
               "other port");
    r.add_integer("traffic.source_queue_frames", 1024, 1, 10000000,
                  "frames a partner holds per class waiting to be sent (while PFC pauses the class); "
                  "at the limit its application is held back and creates no more of that class "
                  "(pfc.held_back_at_sources). Assumed: a NIC send queue of 1024 work requests. "
                  "It bounds the memory of long paused runs");
    r.add_real("traffic.burst_packets", Dimension::none, "", 16, 1, 1e6,
               "arrival=onoff: mean number of back-to-back frames in a burst (geometric)");
}

namespace {
template <typename E>
E pick(const std::string& text, std::initializer_list<std::pair<const char*, E>> options) {
    for (const auto& [name, value] : options)
        if (text == name) return value;
    throw std::logic_error("undeclared choice " + text);
}
}  // namespace

TrafficConfig TrafficConfig::from(const ParameterSet& p, int ports) {
    TrafficConfig t;
    t.pattern = pick<Pattern>(p.text("traffic.pattern"),
                              {{"uniform", Pattern::uniform},
                               {"permutation", Pattern::permutation},
                               {"hotspot", Pattern::hotspot},
                               {"incast", Pattern::incast},
                               {"all_to_all", Pattern::all_to_all},
                               {"ring_allreduce", Pattern::ring_allreduce}});
    t.arrival = pick<Arrival>(p.text("traffic.arrival"), {{"bernoulli", Arrival::bernoulli},
                                                          {"poisson", Arrival::poisson},
                                                          {"onoff", Arrival::onoff}});
    t.sizes = pick<SizeMix>(p.text("traffic.sizes"), {{"fixed", SizeMix::fixed},
                                                      {"imix", SizeMix::imix},
                                                      {"datacenter", SizeMix::datacenter}});
    t.load = p.real("traffic.load");
    t.packet_bytes = static_cast<uint32_t>(p.integer("traffic.packet_bytes"));
    t.classes = static_cast<int>(p.integer("traffic.classes"));
    t.hotspot_fraction = p.real("traffic.hotspot_fraction");
    t.hotspot_port = static_cast<int>(p.integer("traffic.hotspot_port"));
    t.incast_senders = static_cast<int>(p.integer("traffic.incast_senders"));
    t.burst_packets = p.real("traffic.burst_packets");
    t.broadcast_fraction = p.real("traffic.broadcast_fraction");
    t.source_queue_frames = p.integer("traffic.source_queue_frames");
    auto origin = [&](const char* key) { return p.value(key).origin + ": " + key + ": "; };
    if (t.hotspot_port >= ports)
        throw ConfigError(origin("traffic.hotspot_port") + "port " + std::to_string(t.hotspot_port) +
                          " does not exist on a " + std::to_string(ports) + "-port switch");
    if (t.incast_senders >= ports)
        throw ConfigError(origin("traffic.incast_senders") + std::to_string(t.incast_senders) +
                          " senders need more than " + std::to_string(ports) + " ports");
    if (t.incast_senders == 0) t.incast_senders = ports - 1;
    return t;
}

}  // namespace cposim
