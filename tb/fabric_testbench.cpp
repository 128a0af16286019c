#include "fabric_testbench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <sys/resource.h>
#include <memory>
#include <vector>

#include <systemc>

#include "collective.h"
#include "errors.h"
#include "fabric_config.h"
#include "fabric_routing.h"
#include "fibre_link.h"
#include "gpu_hosts.h"
#include "phy_config.h"
#include "process_errors.h"
#include "progress_meter.h"
#include "report.h"
#include "run_control.h"
#include "switch_node.h"
#include "topology.h"
#include "units.h"

namespace cposim {

namespace {

TimePs link_delay_ps(double length_m) { return static_cast<TimePs>(length_m * fibre_delay_ns_per_m * 1e3 + 0.5); }

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(std::ceil(q * static_cast<double>(v.size()))) - (q > 0 ? 1 : 0));
    return v[i];
}

double peak_rss_mb() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0 * 1e-6;
}

}  // namespace

nlohmann::json run_fabric_scenario(const ParameterSet& params_in, const RunOptions& options) {
    const SimulationConfig sim = SimulationConfig::from(params_in);
    const FabricConfig fabric = FabricConfig::from(params_in);
    const Topology topo = build_topology(fabric);
    if (!options.vcd_path.empty() || !options.csv_path.empty() || !options.pcap_out_dir.empty())
        throw ConfigError("--vcd, --csv and --pcap-out are for single-switch runs; fabric.topology is " +
                          std::string(topology_name(fabric.topology)));
    if (!params_in.text("faults.schedule").empty())
        throw ConfigError(params_in.values().at("faults.schedule").origin +
                          ": faults.schedule: faults are for single-switch runs (fabric.topology is " +
                          topology_name(fabric.topology) + ")");

    // Every switch of a tier has the tier's port count (the topology's, not switch.ports).
    ParameterSet params = params_in;
    for (const auto& sw : topo.switches)
        if (params.overrides().empty() || params.overrides().back().pattern != sw.tier + "*")
            params.set_for(sw.tier + "*", "switch.ports", std::to_string(sw.ports),
                           "fabric.topology=" + std::string(topology_name(fabric.topology)));
    HostConfig host_config = HostConfig::from(params.for_instance("hosts"));
    for (int h = 0; h < topo.hosts; ++h)  // a GPU's own class, if given for instance hosts.gpu<h>
        host_config.traffic_class_of_host.push_back(
            static_cast<int>(params.for_instance("hosts.gpu" + std::to_string(h)).integer("host.traffic_class")));
    const CollectiveConfig collective_config = CollectiveConfig::from(params.for_instance("hosts"), topo.hosts);
    Collective collective(collective_config, sim.seed);

    // Each switch's configuration; each port's PFC headroom follows its own link.
    const size_t S = topo.switches.size();
    std::vector<double> longest(S, 0);
    std::vector<std::vector<double>> port_length(S);
    for (size_t s = 0; s < S; ++s) port_length[s].assign(static_cast<size_t>(topo.switches[s].ports), 0);
    for (const auto& l : topo.links)
        for (const PortEnd* e : {&l.a, &l.b})
            if (!e->host) {
                longest[static_cast<size_t>(e->index)] = std::max(longest[static_cast<size_t>(e->index)], l.length_m);
                port_length[static_cast<size_t>(e->index)][static_cast<size_t>(e->port)] = l.length_m;
            }
    std::vector<SwitchConfig> configs;
    std::vector<double> rx_latency_ns;  // each switch's PHY: FEC and DSP retimers
    for (size_t s = 0; s < S; ++s) {
        const std::string& name = topo.switches[s].name;
        const ParameterSet sp = params.for_instance(name);
        configs.push_back(SwitchConfig::from(sp, static_cast<double>(link_delay_ps(longest[s]))));
        configs.back().receives_pauses = true;  // its partners are switches and NICs
        std::vector<double> port_delay;  // each port's PFC headroom from its own link
        for (double length : port_length[s]) port_delay.push_back(static_cast<double>(link_delay_ps(length)));
        configs.back().set_port_link_delays(port_delay);
        if (configs.back().ports != topo.switches[s].ports)
            throw ConfigError(sp.values().at("switch.ports").origin + ": switch.ports of " + name +
                              ": the topology gives it " + std::to_string(topo.switches[s].ports) + " ports");
        if (sp.text("switch.pipeline") != "destination")
            throw ConfigError(sp.values().at("switch.pipeline").origin + ": switch.pipeline of " + name + ": " +
                              sp.text("switch.pipeline") + " decides by the L2 table of one switch; a fabric's "
                              "switches route by destination host (set switch.pipeline=destination)");
        const PhyConfig phy = PhyConfig::from(sp, {configs.back().port_speed_gbps, configs.back().ports, longest[s]});
        rx_latency_ns.push_back(phy.fec_latency_ns + 2 * phy.retimer_latency_ns);  // what its PHY adds (lane_phy.cpp)
    }
    if (host_config.dcqcn.enabled &&
        std::none_of(configs.begin(), configs.end(), [](const SwitchConfig& c) { return c.ecn.enabled; }))
        throw ConfigError(params.values().at("dcqcn.enabled").origin +
                          ": dcqcn.enabled: no switch marks ECN (ecn.enabled is off everywhere): DCQCN would never act");
    // Both ends of a link run at one rate.
    std::vector<double> host_rate(static_cast<size_t>(topo.hosts));
    for (const auto& l : topo.links) {
        const double rb = configs[static_cast<size_t>(l.b.index)].port_speed_gbps;
        if (l.a.host) {
            host_rate[static_cast<size_t>(l.a.index)] = rb;
            continue;
        }
        const double ra = configs[static_cast<size_t>(l.a.index)].port_speed_gbps;
        if (ra != rb)
            throw ConfigError("switch.port_speed: " + topo.switches[static_cast<size_t>(l.a.index)].name + " (" +
                              format_number(ra) + " Gb/s) and " + topo.switches[static_cast<size_t>(l.b.index)].name +
                              " (" + format_number(rb) + " Gb/s) share a link; set the same speed for both tiers");
    }

    // The quantum: no longer than the shortest link's delay plus the shortest frame's wire
    // time, so what a node sends in a window reaches the next one after that window
    // (docs/fabric.md: synchronisation).
    const TimePs end = static_cast<TimePs>(std::llround(sim.duration_us * 1e6));
    TimePs quantum = std::max<TimePs>(1, std::llround(sim.quantum_ns * 1e3));
    for (const auto& l : topo.links) {
        const double rate = configs[static_cast<size_t>(l.b.index)].port_speed_gbps;
        quantum = std::min(quantum, link_delay_ps(l.length_m) + wire_time_ps_rounded(64, rate));
    }

    nlohmann::json result = [&] {
        PacketPool pool;
        std::vector<std::unique_ptr<FabricRouting>> routing;
        std::vector<std::unique_ptr<SwitchNode>> nodes;
        for (size_t s = 0; s < S; ++s) {
            const std::string& name = topo.switches[s].name;
            routing.push_back(std::make_unique<FabricRouting>(
                topo, static_cast<int>(s), fabric,
                static_cast<uint32_t>(params.for_instance(name).integer("switch.pipeline_cycles")), sim.seed));
            nodes.push_back(std::make_unique<SwitchNode>(name.c_str(), params, configs[s], longest[s], std::vector<Fault>{},
                                                         "", pool, quantum, end, 0, sim.seed + s, nullptr, nullptr,
                                                         routing.back().get()));
            routing.back()->watch_queues(nodes.back()->asic());
        }
        GpuHosts hosts("hosts", host_rate, host_config, collective, pool, quantum, end);
        std::vector<std::unique_ptr<FibreLink>> fibres;
        auto fibre = [&](const std::string& name, double length) {
            fibres.push_back(std::make_unique<FibreLink>(name.c_str(), length));
            return fibres.back().get();
        };
        for (const auto& l : topo.links) {
            SwitchNode& b = *nodes[static_cast<size_t>(l.b.index)];
            const std::string bn = topo.switches[static_cast<size_t>(l.b.index)].name + "_" + std::to_string(l.b.port);
            if (l.a.host) {
                const size_t h = static_cast<size_t>(l.a.index);
                FibreLink* up = fibre("fibre_host" + std::to_string(h) + "_to_" + bn, l.length_m);
                FibreLink* down = fibre("fibre_" + bn + "_to_host" + std::to_string(h), l.length_m);
                hosts.out[h]->bind(up->in);
                up->out.bind(b.phy(l.b.port).rx_in);
                b.phy(l.b.port).tx_out.bind(down->in);
                down->out.bind(*hosts.in[h]);
                // PFC frames travel their own fibres (as in the single-switch testbench).
                FibreLink* pause_up = fibre("pause_host" + std::to_string(h) + "_to_" + bn, l.length_m);
                FibreLink* pause_down = fibre("pause_" + bn + "_to_host" + std::to_string(h), l.length_m);
                hosts.pause_out[h]->bind(pause_up->in);
                pause_up->out.bind(*b.asic().pause_in[static_cast<size_t>(l.b.port)]);
                b.asic().pause_out[static_cast<size_t>(l.b.port)]->bind(pause_down->in);
                pause_down->out.bind(*hosts.pause_in[h]);
                continue;
            }
            SwitchNode& a = *nodes[static_cast<size_t>(l.a.index)];
            const std::string an = topo.switches[static_cast<size_t>(l.a.index)].name + "_" + std::to_string(l.a.port);
            FibreLink* up = fibre("fibre_" + an + "_to_" + bn, l.length_m);
            FibreLink* down = fibre("fibre_" + bn + "_to_" + an, l.length_m);
            a.phy(l.a.port).tx_out.bind(up->in);
            up->out.bind(b.phy(l.b.port).rx_in);
            b.phy(l.b.port).tx_out.bind(down->in);
            down->out.bind(a.phy(l.a.port).rx_in);
            FibreLink* pause_up = fibre("pause_" + an + "_to_" + bn, l.length_m);
            FibreLink* pause_down = fibre("pause_" + bn + "_to_" + an, l.length_m);
            a.asic().pause_out[static_cast<size_t>(l.a.port)]->bind(pause_up->in);
            pause_up->out.bind(*b.asic().pause_in[static_cast<size_t>(l.b.port)]);
            b.asic().pause_out[static_cast<size_t>(l.b.port)]->bind(pause_down->in);
            pause_down->out.bind(*a.asic().pause_in[static_cast<size_t>(l.a.port)]);
        }
        params.check_instances_matched();

        ProgressMeter progress("progress", ps_to_sc(end));
        const auto wall_start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        sc_core::sc_start(ps_to_sc(end));
        const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        rethrow_process_error();
        for (auto& node : nodes) node->finish();
        const TimePs run_end = run_control::effective_end(end);

        // --- the report -------------------------------------------------------------------
        Report report;
        collect_stats(hosts, report);  // packets injected and delivered, hosts.*
        const double run_s = static_cast<double>(run_end) * 1e-12;
        const bool done = collective.complete();
        const double t_done = done ? static_cast<double>(hosts.completed_at()) * 1e-12 : run_s;

        // Switches: each one's own report, of which the fabric keeps a summary; the drops sum.
        nlohmann::json switches = nlohmann::json::array();
        double power_w = 0, system_w = 0;
        int64_t hops = 0;
        std::vector<double> uplink_util;
        nlohmann::json uplinks = nlohmann::json::array();
        for (size_t s = 0; s < S; ++s) {
            Report r;
            collect_stats(*nodes[s], r);
            const SwitchAsic& asic = nodes[s]->asic();
            int64_t drops = 0;
            for (const auto& [reason, n] : r.at("packets.dropped").items()) {
                report.add("packets.dropped." + reason, n.get<int64_t>());
                drops += n.get<int64_t>();
            }
            const double p = r.power_total();
            double sys = p;
            for (const auto& [part, w] : r.at("power_w").items())
                if (part == "cooling" || part == "conversion_loss" || part == "management") sys += w.get<double>();
            power_w += p;
            system_w += sys;
            report.add("pfc.pause_frames_sent", r.at("pfc.pause_frames_sent").get<int64_t>());
            report.add("pfc.pause_frames_received", r.at("pfc.pause_frames_received").get<int64_t>());
            report.add("pfc.egress_paused_ns", r.at("pfc.egress_paused_ns").get<double>());
            if (configs[s].pfc.enabled) report.set("pfc.enabled", true);
            hops += asic.counters().transmitted;
            switches.push_back({{"name", topo.switches[s].name},
                                {"tier", topo.switches[s].tier},
                                {"ports", topo.switches[s].ports},
                                {"port_speed_gbps", configs[s].port_speed_gbps},
                                {"packaging", r.at("phy.packaging")},
                                {"power_w", p},
                                {"system_power_w", sys},
                                {"frames_sent", asic.counters().transmitted},
                                {"dropped", drops},
                                {"pause_frames_sent", r.at("pfc.pause_frames_sent")},
                                {"pfc_headroom_bytes_per_group", r.at("pfc.headroom_bytes_per_group")},
                                {"buffer_max_bytes", r.at("buffer.occupancy_max_bytes")}});
            for (int port = 0; port < topo.switches[s].ports; ++port) {
                if (!topo.uplink[s][static_cast<size_t>(port)]) continue;
                const auto& pc = asic.port_counters(port);
                const double util = t_done > 0 ? static_cast<double>(pc.transmitted_bytes) * 8.0 /
                                                     (configs[s].port_speed_gbps * 1e9 * t_done)
                                               : 0.0;
                uplink_util.push_back(util);
                const PortEnd& to = topo.peer[s][static_cast<size_t>(port)];
                uplinks.push_back({{"switch", topo.switches[s].name}, {"port", port},
                                   {"to", topo.switches[static_cast<size_t>(to.index)].name}, {"utilisation", util}});
            }
        }
        if (!report.has("packets.dropped")) report.set("packets.dropped", nlohmann::json::object());
        if (!report.has("pfc.enabled")) report.set("pfc.enabled", false);
        report.set("packets.replicated", 0);
        // Frames handed out by the pool and not returned, less the PFC frames still on their
        // fibres (the switches' own traffic, not part of the data accounting).
        int64_t pause_created = 0, pause_received = report.at("hosts.pause_frames_received").get<int64_t>();
        for (auto& node : nodes) {
            pause_created += node->asic().counters().pfc_frames_created;
            pause_received += node->asic().pause_frames_received();
        }
        report.set("packets.in_flight", pool.live() - (pause_created - pause_received));
        report.finish(run_s);  // the totals; power and energy are the fabric's below
        report.json().erase("power_w");
        report.json().erase("energy_pj_per_bit");
        report.json().erase("energy_pj_per_bit_system");

        report.set("scenario", options.scenario_name);
        report.set("description", params.text("description"));
        report.set("parameters", parameters_json(params));
        report.set("complete", !run_control::stop_requested());  // false: stopped with Ctrl-C
        int carried = 0;
        double util_sum = 0, util_max = 0, util_min = uplink_util.empty() ? 0 : 1e300;
        for (double u : uplink_util) {
            carried += u > 0;
            util_sum += u;
            util_max = std::max(util_max, u);
            util_min = std::min(util_min, u);
        }
        const double util_mean = uplink_util.empty() ? 0 : util_sum / static_cast<double>(uplink_util.size());
        report.set("fabric", {{"topology", topology_name(fabric.topology)},
                              {"built", topo.describe()},
                              {"switches", static_cast<int64_t>(S)},
                              {"hosts", topo.hosts},
                              {"links", static_cast<int64_t>(topo.links.size())},
                              {"load_balancing", load_balancing_name(fabric.load_balancing)},
                              {"switch_list", switches}});
        report.set("fabric.uplink_utilisation",
                   {{"uplinks", static_cast<int64_t>(uplink_util.size())},
                    {"fraction_carrying_traffic", uplink_util.empty() ? 0.0 : static_cast<double>(carried) / uplink_util.size()},
                    {"mean", util_mean},
                    {"max", util_max},
                    {"min", util_min},
                    {"max_over_mean", util_mean > 0 ? util_max / util_mean : 0.0},
                    {"per_uplink", uplinks}});

        // The collective.
        const double S_bytes = collective_config.bytes;
        const double algbw = done && t_done > 0 ? collective.algbw_bytes() * 8.0 / t_done * 1e-9 : 0.0;
        std::vector<double> fct_us, slowdown;
        const auto& msgs = collective.messages();
        const auto& times = hosts.messages();
        int64_t delivered_messages = 0;
        for (size_t m = 0; m < msgs.size(); ++m) {
            if (times[m].delivered < 0) continue;
            ++delivered_messages;
            const double fct = static_cast<double>(times[m].delivered - times[m].posted) * 1e-6;
            fct_us.push_back(fct);
            // Ideal: the message's frames back to back at the sender's rate, plus its last
            // frame's unloaded trip (fibres, and at each switch the frame's wire time, its
            // PHY's FEC and retimer latency and the pipeline) over a shortest path.
            const int src = msgs[m].src, dst = msgs[m].dst;
            const double rate = host_rate[static_cast<size_t>(src)];
            const int64_t frames = (msgs[m].bytes + host_config.mtu_bytes - 1) / host_config.mtu_bytes;
            const int64_t last_payload = msgs[m].bytes - (frames - 1) * host_config.mtu_bytes;
            const double last_frame = std::max<double>(64, static_cast<double>(last_payload + host_config.header_bytes));
            double ideal = static_cast<double>(frames - 1) * wire_time_ps(host_config.mtu_bytes + host_config.header_bytes, rate) +
                           wire_time_ps(last_frame, rate);
            int s = topo.host_port[static_cast<size_t>(src)].index;
            ideal += static_cast<double>(link_delay_ps(topo.links.empty() ? 0 : fabric.host_link_m));
            while (true) {
                const SwitchConfig& c = configs[static_cast<size_t>(s)];
                ideal += rx_latency_ns[static_cast<size_t>(s)] * 1e3 + wire_time_ps(last_frame, c.port_speed_gbps) +
                         static_cast<double>(params.for_instance(topo.switches[static_cast<size_t>(s)].name).integer("switch.pipeline_cycles")) * 1e3 / c.core_clock_ghz;
                int n = 0;
                const uint16_t* hop = topo.next_hops(s, dst, n);
                ideal += static_cast<double>(link_delay_ps(port_length[static_cast<size_t>(s)][hop[0]]));
                const PortEnd& next = topo.peer[static_cast<size_t>(s)][hop[0]];
                if (next.host) break;
                s = next.index;
            }
            slowdown.push_back(fct * 1e6 / ideal);
        }
        double fct_mean = 0, slow_mean = 0;
        for (double f : fct_us) fct_mean += f / static_cast<double>(fct_us.size());
        for (double f : slowdown) slow_mean += f / static_cast<double>(slowdown.size());
        report.set("collective", {{"name", collective_name(collective_config.kind)},
                                  {"gpus", collective.ranks()},
                                  {"bytes", S_bytes},
                                  {"complete", done},
                                  {"completion_us", done ? nlohmann::json(t_done * 1e6) : nlohmann::json(nullptr)},
                                  {"algbw_gbps", done ? nlohmann::json(algbw) : nlohmann::json(nullptr)},
                                  {"bus_factor", collective.bus_factor()},
                                  {"busbw_gbps", done ? nlohmann::json(algbw * collective.bus_factor()) : nlohmann::json(nullptr)},
                                  {"messages", static_cast<int64_t>(msgs.size())},
                                  {"messages_delivered", delivered_messages}});
        report.set("flows", {{"fct_us", {{"mean", fct_mean}, {"p50", percentile(fct_us, 0.5)},
                                         {"p99", percentile(fct_us, 0.99)}, {"max", percentile(fct_us, 1.0)}}},
                             {"slowdown", {{"mean", slow_mean}, {"p50", percentile(slowdown, 0.5)},
                                           {"p99", percentile(slowdown, 0.99)}, {"max", percentile(slowdown, 1.0)}}}});
        const double payload_bits = static_cast<double>(hosts.payload_bytes_delivered()) * 8.0;
        report.set("power_w", {{"switches", power_w}, {"switches_system", system_w}});
        report.set("energy", {{"collective_j", power_w * t_done},
                              {"collective_system_j", system_w * t_done},
                              {"pj_per_payload_bit", payload_bits > 0 ? nlohmann::json(power_w * t_done / payload_bits * 1e12) : nlohmann::json(nullptr)},
                              {"pj_per_payload_bit_system", payload_bits > 0 ? nlohmann::json(system_w * t_done / payload_bits * 1e12) : nlohmann::json(nullptr)}});
        int64_t events = hosts.messages().empty() ? 0 : report.at("sim.events").get<int64_t>();
        for (auto& node : nodes) events += node->asic().events();
        report.set("sim", {{"sim_time_ns", static_cast<double>(run_end) * 1e-3},
                           {"planned_time_ns", static_cast<double>(end) * 1e-3},
                           {"seed", sim.seed},
                           {"quantum_ns", static_cast<double>(quantum) * 1e-3},
                           {"wall_s", wall_s},
                           {"cpu_s", cpu_s},
                           {"peak_rss_mb", peak_rss_mb()},
                           {"events", events},
                           {"packet_hops", hops},
                           {"packet_hops_per_wall_s", wall_s > 0 ? static_cast<double>(hops) / wall_s : 0.0}});
        return report.json();
    }();
    return result;
}

}  // namespace cposim
