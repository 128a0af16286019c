#include "fabric_plan.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "collective_workload.h"
#include "errors.h"
#include "phy_config.h"
#include "plane_striping.h"
#include "units.h"

namespace cposim {

std::unique_ptr<Workload> FabricPlan::make_workload(uint64_t seed) const {
    std::unique_ptr<Workload> gpus;
    if (trace) gpus = std::make_unique<TraceWorkload>(*trace, trace_config, topo.gpus(), seed);
    else gpus = std::make_unique<CollectiveWorkload>(collective, seed);
    if (topo.planes == 1) return gpus;
    return std::make_unique<PlaneStriping>(std::move(gpus), topo.planes, topo.gpus(),
                                           [this](int a, int b) { return host.same_server(a, b); });
}

TimePs fibre_delay_ps(double length_m) { return static_cast<TimePs>(length_m * fibre_delay_ns_per_m * 1e3 + 0.5); }

namespace {
ParameterSet with_tier_ports(const ParameterSet& in, const Topology& topo, const FabricConfig& fabric) {
    // Every switch of a tier has the tier's port count (the topology's, not switch.ports).
    ParameterSet params = in;
    for (const auto& sw : topo.switches)
        if (params.overrides().empty() || params.overrides().back().pattern != sw.tier + "*")
            params.set_for(sw.tier + "*", "switch.ports", std::to_string(sw.ports),
                           "fabric.topology=" + std::string(topology_name(fabric.topology)));
    return params;
}
}  // namespace

FabricPlan::FabricPlan(const ParameterSet& params_in)
    : fabric(FabricConfig::from(params_in)),
      topo(build_topology(fabric)),
      params(with_tier_ports(params_in, topo, fabric)),
      host(HostConfig::from(params.for_instance("hosts"))),
      collective(CollectiveConfig::from(params.for_instance("hosts"), topo.gpus())),
      trace_config(TraceWorkloadConfig::from(params.for_instance("hosts"))) {
    if (const std::string& given = params.text("workload.trace"); !given.empty()) {
        // Relative to the scenario file that names it ("configs/x.yaml:12"), else to the
        // working directory (--set).
        const std::string& origin = params.value("workload.trace").origin;
        std::filesystem::path prefix(given);
        const size_t colon = origin.rfind(':');
        if (prefix.is_relative() && colon != std::string::npos && colon >= 5 && origin.compare(colon - 5, 5, ".yaml") == 0)
            prefix = std::filesystem::path(origin.substr(0, colon)).parent_path() / prefix;
        trace = std::make_shared<const ChakraTrace>(read_chakra_trace(prefix.string(), origin + ": workload.trace"));
        make_workload(0);  // a trace the fabric cannot run fails here, before anything is built
    }
    if (!params_in.text("faults.schedule").empty())
        throw ConfigError(params_in.value("faults.schedule").origin +
                          ": faults.schedule: faults are for single-switch runs (fabric.topology is " +
                          topology_name(fabric.topology) + ")");
    for (int h = 0; h < topo.hosts; ++h)  // a GPU's own class (each of its NIC ports), if given for hosts.gpu<g>
        host.traffic_class_of_host.push_back(static_cast<int>(
            params.for_instance("hosts.gpu" + std::to_string(h % topo.gpus())).integer("host.traffic_class")));
    if (topo.planes > 1 && host.gpus_per_server > 1 && topo.gpus() % host.gpus_per_server != 0)
        throw ConfigError(params.value("host.gpus_per_server").origin + ": host.gpus_per_server: servers of " +
                          std::to_string(host.gpus_per_server) + " GPUs do not split a plane's " +
                          std::to_string(topo.gpus()) + " GPUs");

    // Each switch's configuration; each port's PFC headroom follows its own link.
    const size_t S = topo.switches.size();
    longest_link_m.assign(S, 0);
    port_length_m.resize(S);
    for (size_t s = 0; s < S; ++s) port_length_m[s].assign(static_cast<size_t>(topo.switches[s].ports), 0);
    for (const auto& l : topo.links)
        for (const PortEnd* e : {&l.a, &l.b})
            if (!e->host) {
                const size_t s = static_cast<size_t>(e->index);
                longest_link_m[s] = std::max(longest_link_m[s], l.length_m);
                port_length_m[s][static_cast<size_t>(e->port)] = l.length_m;
            }
    for (size_t s = 0; s < S; ++s) {
        const std::string& name = topo.switches[s].name;
        const ParameterSet sp = params.for_instance(name);
        configs.push_back(SwitchConfig::from(sp, static_cast<double>(fibre_delay_ps(longest_link_m[s]))));
        SwitchConfig& c = configs.back();
        c.receives_pauses = true;  // its partners are switches and NICs
        c.in_fabric = true;  // run by the fabric's SwitchDriver, asleep when idle
        std::vector<double> port_delay;
        for (double length : port_length_m[s]) port_delay.push_back(static_cast<double>(fibre_delay_ps(length)));
        c.set_port_link_delays(port_delay);
        if (c.ports != topo.switches[s].ports)
            throw ConfigError(sp.value("switch.ports").origin + ": switch.ports of " + name +
                              ": the topology gives it " + std::to_string(topo.switches[s].ports) + " ports");
        if (sp.text("switch.pipeline") != "destination")
            throw ConfigError(sp.value("switch.pipeline").origin + ": switch.pipeline of " + name + ": " +
                              sp.text("switch.pipeline") + " decides by the L2 table of one switch; a fabric's "
                              "switches route by destination host (set switch.pipeline=destination)");
        const PhyConfig phy = PhyConfig::from(sp, {c.port_speed_gbps, c.ports, longest_link_m[s]});
        rx_latency_ps.push_back((phy.fec_latency_ns + 2 * phy.retimer_latency_ns) * 1e3);  // lane_phy.cpp
        pipeline_ps.push_back(static_cast<double>(sp.integer("switch.pipeline_cycles")) * 1e3 / c.core_clock_ghz);
    }
    if (host.dcqcn.enabled && std::none_of(configs.begin(), configs.end(), [](const SwitchConfig& c) { return c.ecn.enabled; }))
        throw ConfigError(params.value("dcqcn.enabled").origin +
                          ": dcqcn.enabled: no switch marks ECN (ecn.enabled is off everywhere): DCQCN would never act");
    // Both ends of a link run at one rate.
    host_rate_gbps.assign(static_cast<size_t>(topo.hosts), 0);
    for (const auto& l : topo.links) {
        const double rb = configs[static_cast<size_t>(l.b.index)].port_speed_gbps;
        if (l.a.host) {
            host_rate_gbps[static_cast<size_t>(l.a.index)] = rb;
            continue;
        }
        const double ra = configs[static_cast<size_t>(l.a.index)].port_speed_gbps;
        if (ra != rb)
            throw ConfigError("switch.port_speed: " + topo.switches[static_cast<size_t>(l.a.index)].name + " (" +
                              format_number(ra) + " Gb/s) and " + topo.switches[static_cast<size_t>(l.b.index)].name +
                              " (" + format_number(rb) + " Gb/s) share a link; set the same speed for both tiers");
    }
}

double FabricPlan::payload_gbps(double gbps) const {
    return gbps * host.mtu_bytes / (host.mtu_bytes + host.header_bytes + 20.0);
}

double FabricPlan::ideal_message_ps(int src, int dst, int64_t bytes) const {
    if (host.same_server(src, dst))  // over NVLink
        return static_cast<double>(bytes) * 8.0 / host.nvlink_gbps * 1e3 + static_cast<double>(host.nvlink_latency_ps);
    const double rate = host_rate_gbps[static_cast<size_t>(src)];
    const int64_t frames = (bytes + host.mtu_bytes - 1) / host.mtu_bytes;
    const int64_t last_payload = bytes - (frames - 1) * host.mtu_bytes;
    const double last_frame = std::max<double>(64, static_cast<double>(last_payload + host.header_bytes));
    double t = static_cast<double>(frames - 1) * wire_time_ps(host.mtu_bytes + host.header_bytes, rate) +
               wire_time_ps(last_frame, rate);
    int s = topo.host_port[static_cast<size_t>(src)].index;
    t += static_cast<double>(fibre_delay_ps(fabric.host_link_m));
    while (true) {
        const size_t si = static_cast<size_t>(s);
        t += rx_latency_ps[si] + wire_time_ps(last_frame, configs[si].port_speed_gbps) + pipeline_ps[si];
        int n = 0;
        const uint16_t* hop = topo.next_hops(s, dst, n);
        t += static_cast<double>(fibre_delay_ps(port_length_m[si][hop[0]]));
        const PortEnd& next = topo.peer[si][hop[0]];
        if (next.host) break;
        s = next.index;
    }
    return t;
}

namespace {
double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(std::ceil(q * static_cast<double>(v.size()))) - (q > 0 ? 1 : 0));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());  // the i-th smallest, unsorted around it
    return v[i];
}
}  // namespace

void write_collective_report(nlohmann::json& report, const FabricPlan& plan, const Workload& workload,
                             const std::vector<TimePs>& posted, const std::vector<TimePs>& delivered) {
    const TimePs completed_at = workload.completed_at();
    const bool done = completed_at >= 0;
    const double t_done = static_cast<double>(completed_at) * 1e-12;
    std::vector<double> fct_us, slowdown;
    const auto& msgs = workload.messages();
    int64_t delivered_messages = 0;
    for (size_t m = 0; m < msgs.size(); ++m) {
        if (delivered[m] < 0) continue;
        ++delivered_messages;
        const double fct_ps = static_cast<double>(delivered[m] - posted[m]);
        fct_us.push_back(fct_ps * 1e-6);
        slowdown.push_back(fct_ps / plan.ideal_message_ps(msgs[m].src, msgs[m].dst, msgs[m].bytes));
    }
    double fct_mean = 0, slow_mean = 0;
    for (double f : fct_us) fct_mean += f / static_cast<double>(fct_us.size());
    for (double f : slowdown) slow_mean += f / static_cast<double>(slowdown.size());
    nlohmann::json collective = {{"complete", done},
                                 {"completion_us", done ? nlohmann::json(t_done * 1e6) : nlohmann::json(nullptr)},
                                 {"messages", static_cast<int64_t>(msgs.size())},
                                 {"messages_delivered", delivered_messages}};
    workload.write_summary(collective, posted, delivered);
    report["collective"] = collective;
    report["flows"] = {{"fct_us", {{"mean", fct_mean}, {"p50", percentile(fct_us, 0.5)},
                                   {"p99", percentile(fct_us, 0.99)}, {"max", percentile(fct_us, 1.0)}}},
                       {"slowdown", {{"mean", slow_mean}, {"p50", percentile(slowdown, 0.5)},
                                     {"p99", percentile(slowdown, 0.99)}, {"max", percentile(slowdown, 1.0)}}}};
}

void write_fabric_report(nlohmann::json& report, const FabricPlan& plan, const nlohmann::json& switches,
                         const std::vector<std::vector<double>>& port_bytes, double seconds) {
    const Topology& topo = plan.topo;
    std::vector<double> util;
    nlohmann::json uplinks = nlohmann::json::array();
    for (size_t s = 0; s < topo.switches.size(); ++s)
        for (size_t port = 0; port < topo.uplink[s].size(); ++port) {
            if (!topo.uplink[s][port]) continue;
            const double u = seconds > 0 ? port_bytes[s][port] * 8.0 / (plan.configs[s].port_speed_gbps * 1e9 * seconds) : 0.0;
            util.push_back(u);
            uplinks.push_back({{"switch", topo.switches[s].name}, {"port", port},
                               {"to", topo.switches[static_cast<size_t>(topo.peer[s][port].index)].name}, {"utilisation", u}});
        }
    int carried = 0;
    double sum = 0, max = 0, min = util.empty() ? 0 : 1e300;
    for (double u : util) {
        carried += u > 0;
        sum += u;
        max = std::max(max, u);
        min = std::min(min, u);
    }
    const double mean = util.empty() ? 0 : sum / static_cast<double>(util.size());
    report["fabric"] = {{"topology", topology_name(plan.fabric.topology)},
                        {"fidelity", plan.params.text("fabric.fidelity")},
                        {"built", topo.describe()},
                        {"switches", static_cast<int64_t>(topo.switches.size())},
                        {"hosts", topo.gpus()},
                        {"planes", topo.planes},
                        {"nic_ports", topo.hosts},
                        {"links", static_cast<int64_t>(topo.links.size())},
                        {"load_balancing", load_balancing_name(plan.fabric.load_balancing)},
                        {"switch_list", switches},
                        {"uplink_utilisation",
                         {{"uplinks", static_cast<int64_t>(util.size())},
                          {"fraction_carrying_traffic", util.empty() ? 0.0 : static_cast<double>(carried) / static_cast<double>(util.size())},
                          {"mean", mean},
                          {"max", max},
                          {"min", min},
                          {"max_over_mean", mean > 0 ? max / mean : 0.0},
                          {"per_uplink", uplinks}}}};
}

}  // namespace cposim
