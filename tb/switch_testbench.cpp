#include "switch_testbench.h"

#include <chrono>
#include <sys/resource.h>
#include <ctime>
#include <cmath>
#include <fstream>
#include <memory>
#include <vector>

#include <systemc>

#include "capture_recorder.h"
#include "errors.h"
#include "fibre_link.h"
#include "forwarding_pipeline.h"
#include "frame_source.h"
#include "fault_schedule.h"
#include "switch_node.h"
#include "traffic_generator.h"
#include "units.h"
#include "packet_sink.h"
#include "report.h"
#include "vcd_merge.h"
#include "pipeline_factory.h"
#include "process_errors.h"
#include "progress_meter.h"
#include "window_loop.h"
#include "run_control.h"

namespace cposim {

void SimulationConfig::declare_parameters(ParameterRegistry& r) {
    r.add_real("sim.duration_us", Dimension::time, "us", 100, 0.001, 1e9,
               "simulated time of the run, warm-up included");
    r.add_real("sim.warmup_us", Dimension::time, "us", 10, 0, 1e9,
               "warm-up excluded from every measurement; must be shorter than the run");
    r.add_integer("sim.seed", 1, 0, (int64_t{1} << 53), "random seed: same seed, same report");
    r.add_real("sim.quantum_ns", Dimension::time, "ns", 1000, 1, 1e6,
               "longest temporal-decoupling quantum (shortened so one holds ~2048 frames over all "
               "ports): components exchange packets in windows this long, with PFC in windows from the "
               "pause's trip up to this long, as the switch's buffer allows (results do not depend on it)");
    r.add_real("report.csv_interval", Dimension::time, "ns", 1000, 1, 1e9,
               "sampling interval of the CSV time series (--csv)");
    r.add_real("link.length", Dimension::length, "m", 2, 0, 100e3,
               "fibre length between each switch port and its link partner (4.9 ns/m)");
}

SimulationConfig SimulationConfig::from(const ParameterSet& p) {
    SimulationConfig c;
    c.duration_us = p.real("sim.duration_us");
    c.warmup_us = p.real("sim.warmup_us");
    c.seed = static_cast<uint64_t>(p.integer("sim.seed"));
    c.quantum_ns = p.real("sim.quantum_ns");
    c.link_length_m = p.real("link.length");
    if (c.warmup_us >= c.duration_us) {
        throw ConfigError(p.value("sim.warmup_us").origin + ": sim.warmup_us: warm-up (" +
                          p.value("sim.warmup_us").text + " us) must be shorter than "
                          "sim.duration_us (" + p.value("sim.duration_us").text + " us)");
    }
    return c;
}

namespace {

double ps_to_ns(double ps) { return ps * 1e-3; }


}  // namespace

// The process's peak resident memory so far, MB (Linux: ru_maxrss is in KiB).
double peak_rss_mb() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0 * 1e-6;
}

double kernel_cpu_s() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) * 1e-6;
}

nlohmann::json parameters_json(const ParameterSet& params) {
    auto json_of = [&](const std::string& key, const ParameterSet::Value& v) -> nlohmann::json {
        const ParamSpec* spec = params.registry().find(key);
        if (spec->kind == ParamKind::integer || spec->kind == ParamKind::real) return v.number;
        if (spec->kind == ParamKind::boolean) return v.number != 0;
        return v.text;
    };
    nlohmann::json values = nlohmann::json::object(), units = nlohmann::json::object();
    for (const auto& [key, v] : params.values()) {
        values[key] = json_of(key, v);
        const ParamSpec* spec = params.registry().find(key);
        if (!spec->unit.empty()) units[key] = spec->unit;
    }
    nlohmann::json result = {{"values", values}, {"units", units}};
    if (!params.overrides().empty()) {  // per-instance values, in the order given
        nlohmann::json instances = nlohmann::json::array();
        for (const auto& o : params.overrides())
            instances.push_back({{"instance", o.pattern}, {"key", o.key}, {"value", json_of(o.key, o.value)}});
        result["instances"] = instances;
    }
    return result;
}

nlohmann::json run_switch_scenario(const ParameterSet& params, const RunOptions& options) {
    const SimulationConfig sim = SimulationConfig::from(params);
    const TimePs link_delay = static_cast<TimePs>(sim.link_length_m * fibre_delay_ns_per_m * 1e3 + 0.5);
    // Each model takes the values of its instance (per-instance overrides applied).
    const ParameterSet switch_params = params.for_instance("switch");
    const SwitchConfig sw = SwitchConfig::from(switch_params, static_cast<double>(link_delay));
    const ParameterSet partner_params = params.for_instance("partners");
    const PhyConfig phy_config = PhyConfig::from(switch_params, {sw.port_speed_gbps, sw.ports, sim.link_length_m});

    const TimePs end = static_cast<TimePs>(std::llround(sim.duration_us * 1e6));
    const TimePs warmup = static_cast<TimePs>(std::llround(sim.warmup_us * 1e6));
    const std::vector<Fault> faults = parse_fault_schedule(
        params, {phy_config.ports, phy_config.port.lanes(), phy_config.engines(),
                 LaserSource(phy_config.laser, phy_config.engine.lanes).lasers(), end});

    // The run in a scope of its own: its models (and the writers of their waves) are gone,
    // their files complete, when the waves are merged below.
    nlohmann::json result = [&] {
        PacketPool pool(PacketPool::Pages::huge);  // the crossbar modes faster, the others no slower (packet_pool.h)
        // The partners' frames: generated, or a capture replayed (traffic.source).
        const std::unique_ptr<FrameSource> source = traffic_sources().at(partner_params.text("traffic.source")).make(
            SourceContext{partner_params, sw.ports, sw.port_speed_gbps, sim.seed, pool, warmup, end});
        TimePs quantum = std::max<TimePs>(1, std::llround(sim.quantum_ns * 1e3));
        // A quantum's frames are created together and stay in memory until the receivers
        // take them at its end: ~2048 frames (256 KiB of packets) stay in the cache; a
        // quantum holding 8000 frames of a 51.2T switch ran 15% slower.
        quantum = std::min(quantum, std::max<TimePs>(1000, static_cast<TimePs>(2048 / source->frames_per_ps())));
        DecouplingWindows windows(quantum, end);
        if (sw.pfc.enabled) {
            // A pause acts on frames its partner has not committed yet: a window may end no
            // later than a pause sent inside it arrives, at least its trip (fibre delay plus
            // the pause frame's wire time) after it was sent. The switch sets each window
            // from how soon it could send one (docs/architecture.md, "Time").
            windows.vary_from(link_delay + wire_time_ps_rounded(64, sw.port_speed_gbps));
        }
        std::unique_ptr<VcdWriter> vcd;
        if (!options.vcd_path.empty()) {
            vcd = std::make_unique<VcdWriter>(options.vcd_path);
            // A PHY writes what it saw of a window when the switch hands it over; the clocked
            // pipelines write their schedule up to their FIFO and latency ahead of the switch.
            vcd->set_lateness(quantum + static_cast<TimePs>((sw.pipeline_fifo_headers + 8) * 1e3 / sw.core_clock_ghz));
        }

        SwitchNode node("switch", params, sw, sim.link_length_m, faults, options.vcd_path.empty() ? "" : options.vcd_path + ".rtl",
                        pool, windows, end, warmup, sim.seed, vcd.get(), source->l2_hosts());
        SwitchAsic& asic = node.asic();
        // Only a flood copies a frame: broadcasts of the generated traffic, or what a
        // pipeline that parses headers (or a replayed capture's group address) floods.
        if (switch_params.text("switch.pipeline") == "destination" && partner_params.text("traffic.source") == "generated" &&
            partner_params.real("traffic.broadcast_fraction") == 0)
            asic.set_max_copies(1);
        std::unique_ptr<TimeSeries> series;
        if (!options.csv_path.empty() || vcd) {
            series = std::make_unique<TimeSeries>(
                options.csv_path, std::max<TimePs>(1, std::llround(params.real("report.csv_interval") * 1e3)));
            node.sample_into(*series);
        }
        TrafficGenerator partners("partners", sw.ports, sw.port_speed_gbps, *source,
                                  partner_params.integer("traffic.source_queue_frames"), pool, windows, end, warmup);
        PacketSinks sinks("sinks", sw.ports, pool, end, warmup);
        std::vector<std::unique_ptr<FibreLink>> rx_links, tx_links, pause_links;
        for (size_t i = 0; i < static_cast<size_t>(sw.ports); ++i) {
            const std::string n = std::to_string(i);
            rx_links.emplace_back(new FibreLink(("rx_link_" + n).c_str(), sim.link_length_m));
            tx_links.emplace_back(new FibreLink(("tx_link_" + n).c_str(), sim.link_length_m));
            pause_links.emplace_back(new FibreLink(("pause_link_" + n).c_str(), sim.link_length_m));
            partners.out[i]->bind(rx_links[i]->in);
            rx_links[i]->out.bind(node.phy(static_cast<int>(i)).rx_in);
            node.phy(static_cast<int>(i)).tx_out.bind(tx_links[i]->in);
            tx_links[i]->out.bind(*sinks.in[i]);
            asic.pause_out[i]->bind(pause_links[i]->in);
            pause_links[i]->out.bind(*partners.pause_in[i]);
        }

        params.check_instances_matched();  // every per-instance value reached a model

        // Captures: what each egress port sent, what was dropped and why. Drops come up to
        // two quanta, a fibre, an FEC latency and the longest frame late (receivers' CRC).
        std::unique_ptr<CaptureRecorder> captures;
        if (!options.pcap_out_dir.empty()) {
            const TimePs late = 2 * quantum + link_delay + wire_time_ps_rounded(65535, sw.port_speed_gbps) + 10'000'000;
            captures = std::make_unique<CaptureRecorder>(options.pcap_out_dir, sw.ports, options.pcap_snaplen, late);
            asic.record_into(captures.get());
            sinks.record_into(captures.get());
        }

        WindowLoop loop("windows", {&partners, &asic}, end);  // each window: the partners, then the switch
        ProgressMeter progress("progress", ps_to_sc(end));
        const auto wall_start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        const double kernel_start = kernel_cpu_s();
        sc_core::sc_start(ps_to_sc(end));
        const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        const double kernel_s = kernel_cpu_s() - kernel_start;
        const double wall_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        rethrow_process_error();
        partners.finish();
        node.finish();
        if (captures) captures->finish();

        // --- the report: each model writes its own fields ---------------------------------
        const TimePs run_end = run_control::effective_end(end);  // sooner if stopped by Ctrl-C
        const double window_ps = static_cast<double>(run_end - warmup);
        Report report;
        collect_stats(report);
        report.finish(window_ps * 1e-12);
        report.set("scenario", options.scenario_name);
        report.set("description", params.text("description"));
        report.set("complete", run_end == end);  // false: stopped with Ctrl-C before its planned end
        // Frames handed out by the pool and not returned, less the PFC frames (the switch's own
        // traffic, not part of the data accounting) not yet received by the partners.
        int64_t pause_received = 0;
        for (int i = 0; i < sw.ports; ++i) pause_received += partners.counters(i).pause_frames_received;
        report.set("packets.in_flight", pool.live() - (asic.counters().pfc_frames_created - pause_received));
        nlohmann::json fault_list = nlohmann::json::array();
        for (const auto& f : faults) fault_list.push_back(f.text);
        report.set("faults", fault_list);
        const int64_t injected = report.at("packets.injected").get<int64_t>();
        const int64_t delivered = report.at("packets.delivered").get<int64_t>();
        const int64_t events = report.at("sim.events").get<int64_t>();
        const nlohmann::json sim_fields{
                 {"sim_time_ns", ps_to_ns(static_cast<double>(run_end))},
                 {"planned_time_ns", ps_to_ns(static_cast<double>(end))},
                 {"warmup_us", sim.warmup_us},
                 {"measured_ns", ps_to_ns(window_ps)},
                 {"seed", sim.seed},
                 {"quantum_ns", ps_to_ns(static_cast<double>(quantum))},
                 {"shortest_window_ns", ps_to_ns(static_cast<double>(windows.shortest()))},
                 {"windows", windows.vary() ? windows.windows() : (run_end + quantum - 1) / quantum},
                 {"wall_s", wall_s},
                 {"cpu_s", cpu_s},
                 {"kernel_cpu_s", kernel_s},
                 {"peak_rss_mb", peak_rss_mb()},
                 {"packets_per_wall_s", wall_s > 0 ? static_cast<double>(delivered) / wall_s : 0.0},
                 {"events_per_packet", injected > 0 ? static_cast<double>(events) / static_cast<double>(injected) : 0.0},
        };
        for (const auto& [key, value] : sim_fields.items()) report.set("sim." + key, value);
        report.set("parameters", parameters_json(params));
        if (captures)
            report.set("pcap_out", {{"dir", captures->dir()},
                                    {"egress_frames", captures->sent_frames()},
                                    {"dropped_frames", captures->dropped_frames()}});
        // The run is complete: its time series and waves go into place.
        if (series) series->close();
        if (vcd) vcd->close();
        return report.json();
    }();
    if (!options.vcd_path.empty() && sw.pipelines > 0 && params.text("switch.rtl_waves") == "vcd") {
        // One time axis: the RTL pipelines' waves (FILE.rtl.vcd, FILE.rtl1.vcd, ...) joined
        // to the model's, each under switch.pipeline<k>, for one GTKWave view.
        std::vector<VcdInput> inputs{{options.vcd_path, ""}};
        for (int k = 0; k < sw.pipelines; ++k) {
            const std::string rtl = options.vcd_path + ".rtl" + (k ? std::to_string(k) : "") + ".vcd";
            if (std::ifstream(rtl).good()) inputs.push_back({rtl, "switch.pipeline" + std::to_string(k)});
        }
        if (inputs.size() > 1) merge_vcd(inputs, options.vcd_path);
    }
    return result;
}

void check_packet_accounting(const nlohmann::json& report) {
    const auto& p = report.at("packets");
    const int64_t injected = p.at("injected"), delivered = p.at("delivered"),
                  dropped = p.at("dropped_total"), in_flight = p.at("in_flight"),
                  replicated = p.at("replicated");
    int64_t by_reason = 0;
    for (const auto& [reason, n] : p.at("dropped").items()) by_reason += n.get<int64_t>();
    if (injected + replicated != delivered + dropped + in_flight || by_reason != dropped) {
        throw ModelInconsistency(
            "packet accounting broken: injected " + std::to_string(injected) + " + replicated " +
            std::to_string(replicated) + " != delivered " +
            std::to_string(delivered) + " + dropped " + std::to_string(dropped) +
            " + in flight " + std::to_string(in_flight) + " (drops by reason sum to " +
            std::to_string(by_reason) + ")");
    }
}

}  // namespace cposim
