#include "fabric_testbench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <vector>

#include <systemc>

#include "errors.h"
#include "fabric_config.h"
#include "fabric_flow_run.h"
#include "fabric_plan.h"
#include "fabric_routing.h"
#include "fibre_link.h"
#include "gpu_hosts.h"
#include "module_list.h"
#include "ocs_fluid_run.h"
#include "process_errors.h"
#include "progress_meter.h"
#include "report.h"
#include "run_control.h"
#include "switch_driver.h"
#include "switch_node.h"
#include "topology.h"
#include "units.h"

namespace cposim {

nlohmann::json run_fabric_scenario(const ParameterSet& params_in, const RunOptions& options) {
    const SimulationConfig sim = SimulationConfig::from(params_in);
    if (!options.vcd_path.empty() || !options.csv_path.empty() || !options.pcap_out_dir.empty())
        throw ConfigError("--vcd, --csv and --pcap-out are for single-switch runs; fabric.topology is " +
                          params_in.text("fabric.topology"));
    const FabricPlan plan(params_in);
    if (plan.fabric.topology == TopologyKind::ocs || plan.fabric.topology == TopologyKind::hybrid) {
        if (params_in.text("fabric.fidelity") != "flow")
            throw ConfigError(params_in.value("fabric.fidelity").origin +
                              ": fabric.fidelity: a fabric with OCS (fabric.topology=" + std::string(topology_name(plan.fabric.topology)) + ") runs as a fluid of circuits: set "
                              "fabric.fidelity=flow (packets through an OCS are not modelled yet; docs/ocs.md)");
        return run_ocs_fabric(plan, sim, options);
    }
    if (params_in.text("fabric.fidelity") == "flow") return run_fabric_flows(plan, sim, options);
    const FabricConfig& fabric = plan.fabric;
    const Topology& topo = plan.topo;
    const ParameterSet& params = plan.params;
    const std::vector<SwitchConfig>& configs = plan.configs;
    const size_t S = topo.switches.size();
    const std::unique_ptr<Workload> workload = plan.make_workload(sim.seed);

    // The quantum: no longer than the shortest link's delay plus the shortest frame's wire
    // time, so what a node sends in a window reaches the next one after that window
    // (docs/fabric.md: synchronisation).
    const TimePs end = static_cast<TimePs>(std::llround(sim.duration_us * 1e6));
    const TimePs longest_quantum = std::max<TimePs>(1, std::llround(sim.quantum_ns * 1e3));
    TimePs quantum = longest_quantum;
    for (const auto& l : topo.links) {
        const double rate = configs[static_cast<size_t>(l.b.index)].port_speed_gbps;
        quantum = std::min(quantum, fibre_delay_ps(l.length_m) + wire_time_ps_rounded(64, rate));
    }
    std::vector<TimePs> switch_quantum(S, quantum);  // each switch's own, set once it is built
    nlohmann::json result = [&] {
        PacketPool pool;
        std::vector<std::unique_ptr<FabricRouting>> routing;
        std::vector<std::unique_ptr<DecouplingWindows>> windows;  // before the nodes: they keep references
        ModuleList<SwitchNode> nodes;
        for (size_t s = 0; s < S; ++s) {
            const std::string& name = topo.switches[s].name;
            routing.push_back(std::make_unique<FabricRouting>(
                topo, static_cast<int>(s), fabric,
                static_cast<uint32_t>(params.for_instance(name).integer("switch.pipeline_cycles")), sim.seed));
            windows.push_back(std::make_unique<DecouplingWindows>(quantum, end));
            nodes.push_back(std::make_unique<SwitchNode>(name.c_str(), params, configs[s], plan.longest_link_m[s], std::vector<Fault>{},
                                                         "", pool, *windows.back(), end, 0, sim.seed + s, nullptr, nullptr,
                                                         routing.back().get()));
            routing.back()->watch_queues(nodes.back()->asic());
        }
        // A switch may run in longer windows: up to the earliest that what a neighbour sends
        // in its own window could change it (what it receives in a window then still comes
        // from a neighbour's earlier window). A data frame changes it at its admission:
        // after the fibre, the shortest frame, the PHY's receive latency (FEC, retimers) and
        // the pipeline's; a PFC frame at its arrival, so a neighbour that may pause allows
        // only the fibre and the shortest frame. A multiple of the base quantum, no longer
        // than sim.quantum_ns (docs/fabric.md: synchronisation).
        std::vector<TimePs> lookahead(S, longest_quantum);
        auto bound = [&](const PortEnd& to, const PortEnd& from, double length) {
            if (to.host) return;
            const size_t s = static_cast<size_t>(to.index);
            TimePs ahead = fibre_delay_ps(length) + wire_time_ps_rounded(64, configs[s].port_speed_gbps);
            const bool may_pause = !from.host && configs[static_cast<size_t>(from.index)].pfc.enabled;
            if (!may_pause)
                ahead += nodes[s]->phy(to.port).least_rx_latency_ps() + nodes[s]->asic().fixed_pipeline_latency_ps();
            lookahead[s] = std::min(lookahead[s], ahead);
        };
        for (const auto& l : topo.links) {
            bound(l.b, l.a, l.length_m);
            bound(l.a, l.b, l.length_m);
        }
        for (size_t s = 0; s < S; ++s) {
            switch_quantum[s] = std::max<TimePs>(1, lookahead[s] / quantum) * quantum;
            windows[s]->set_longest(switch_quantum[s]);
        }
        std::vector<SwitchAsic*> asics;
        for (auto& node : nodes) asics.push_back(&node->asic());
        // The NICs run in the windows of the switches they are linked to when those are all
        // alike (after them at each instant, by the driver): what a NIC receives in its
        // window was sent in its switch's window or before, and what it sends is admitted a
        // switch window or more later (docs/fabric.md, section 7). Else the base quantum.
        TimePs nic_window = 0;
        for (const auto& l : topo.links)
            if (l.a.host != l.b.host) {
                const TimePs q = switch_quantum[static_cast<size_t>(l.a.host ? l.b.index : l.a.index)];
                nic_window = nic_window == 0 || nic_window == q ? q : quantum;
            }
        if (nic_window == 0) nic_window = quantum;
        GpuHosts hosts("hosts", plan.host_rate_gbps, plan.host, *workload, pool, quantum, nic_window, end);
        SwitchDriver driver("switch_driver", asics, hosts, end);  // one process runs every switch's windows, then the NICs'
        ModuleList<FibreLink> fibres;
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
        const bool done = workload->complete();
        const double t_done = done ? static_cast<double>(workload->completed_at()) * 1e-12 : run_s;

        // Switches: each one's own report, of which the fabric keeps a summary; the drops sum.
        nlohmann::json switches = nlohmann::json::array();
        double power_w = 0, system_w = 0;
        int64_t hops = 0;
        std::vector<std::vector<double>> port_bytes(S);  // frame bytes each switch port sent
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
            for (int port = 0; port < topo.switches[s].ports; ++port)
                port_bytes[s].push_back(static_cast<double>(asic.port_counters(port).transmitted_bytes));
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
        write_fabric_report(report.json(), plan, switches, port_bytes, t_done);
        std::vector<TimePs> posted, delivered;
        for (const auto& m : hosts.messages()) {
            posted.push_back(m.posted);
            delivered.push_back(m.delivered);
        }
        write_collective_report(report.json(), plan, *workload, posted, delivered);
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
                           {"longest_switch_quantum_ns",
                            static_cast<double>(*std::max_element(switch_quantum.begin(), switch_quantum.end())) * 1e-3},
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
