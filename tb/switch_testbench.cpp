#include "switch_testbench.h"

#include <chrono>
#include <ctime>
#include <cmath>
#include <memory>
#include <vector>

#include <systemc>

#include "errors.h"
#include "fibre_link.h"
#include "forwarding_pipeline.h"
#include "frame_sizes.h"
#include "fault_schedule.h"
#include "switch_node.h"
#include "traffic_generator.h"
#include "units.h"
#include "packet_sink.h"
#include "pipeline_factory.h"
#include "process_errors.h"
#include "progress_meter.h"

namespace cposim {

void SimulationConfig::declare_parameters(ParameterRegistry& r) {
    r.add_real("sim.duration_us", Dimension::time, "us", 100, 0.001, 1e9,
               "simulated time of the run, warm-up included");
    r.add_real("sim.warmup_us", Dimension::time, "us", 10, 0, 1e9,
               "warm-up excluded from every measurement; must be shorter than the run");
    r.add_integer("sim.seed", 1, 0, (int64_t{1} << 53), "random seed: same seed, same report");
    r.add_real("sim.quantum_ns", Dimension::time, "ns", 1000, 1, 1e6,
               "longest temporal-decoupling quantum (shortened so one holds ~2048 frames over all "
               "ports, and with PFC to the pause's trip): components exchange packets in windows this long "
               "(results do not depend on it)");
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
        throw ConfigError(p.values().at("sim.warmup_us").origin + ": sim.warmup_us: warm-up (" +
                          p.values().at("sim.warmup_us").text + " us) must be shorter than "
                          "sim.duration_us (" + p.values().at("sim.duration_us").text + " us)");
    }
    return c;
}

namespace {

double ps_to_ns(double ps) { return ps * 1e-3; }

nlohmann::json parameters_json(const ParameterSet& params) {
    nlohmann::json values = nlohmann::json::object(), units = nlohmann::json::object();
    for (const auto& [key, v] : params.values()) {
        const ParamSpec* spec = params.registry().find(key);
        if (spec->kind == ParamKind::integer || spec->kind == ParamKind::real)
            values[key] = v.number;
        else if (spec->kind == ParamKind::boolean)
            values[key] = v.number != 0;
        else
            values[key] = v.text;
        if (!spec->unit.empty()) units[key] = spec->unit;
    }
    return {{"values", values}, {"units", units}};
}

}  // namespace

nlohmann::json run_switch_scenario(const ParameterSet& params, const RunOptions& options) {
    const SimulationConfig sim = SimulationConfig::from(params);
    const TimePs link_delay = static_cast<TimePs>(sim.link_length_m * fibre_delay_ns_per_m * 1e3 + 0.5);
    const SwitchConfig sw = SwitchConfig::from(params, static_cast<double>(link_delay));
    const TrafficConfig traffic = TrafficConfig::from(params, sw.ports);
    const PhyConfig phy_config = PhyConfig::from(params);

    const TimePs end = static_cast<TimePs>(std::llround(sim.duration_us * 1e6));
    const TimePs warmup = static_cast<TimePs>(std::llround(sim.warmup_us * 1e6));
    TimePs quantum = std::max<TimePs>(1, std::llround(sim.quantum_ns * 1e3));
    {
        // A quantum's frames are created together and stay in memory until the receivers
        // take them at its end: ~2048 frames (256 KiB of packets) stay in the cache; a
        // quantum holding 8000 frames of a 51.2T switch ran 15% slower.
        const double frames_per_ps = sw.ports * std::max(traffic.load, 0.01) /
                                     wire_time_ps(FrameSizes(traffic.sizes, traffic.packet_bytes).mean_bytes(),
                                                  sw.port_speed_gbps);
        quantum = std::min(quantum, std::max<TimePs>(1000, static_cast<TimePs>(2048 / frames_per_ps)));
    }
    if (sw.pfc.enabled) {
        // A pause acts on frames its partner has not committed yet: the quantum may not be
        // longer than the pause's trip (fibre delay plus the pause frame's wire time).
        const TimePs trip = link_delay + wire_time_ps_rounded(64, sw.port_speed_gbps);
        quantum = std::min(quantum, trip);
    }

    const std::vector<Fault> faults = parse_fault_schedule(
        params, {phy_config.ports, phy_config.port.lanes(), phy_config.engines(),
                 LaserSource(phy_config.laser, phy_config.engine.lanes).lasers(), end});

    PacketPool pool;
    LatencyHistogram latency, queueing;
    std::vector<LatencyHistogram> latency_by_class(traffic_class_count);
    std::unique_ptr<VcdWriter> vcd;
    if (!options.vcd_path.empty()) {
        vcd = std::make_unique<VcdWriter>(options.vcd_path);
        vcd->set_lateness(quantum);  // a PHY writes what it saw of a window when the switch hands it over
    }

    PipelineBuildOptions pipeline_options;
    pipeline_options.ports = sw.ports;
    if (!options.vcd_path.empty()) pipeline_options.waves_stem = options.vcd_path + ".rtl";
    const std::unique_ptr<ForwardingPipeline> pipeline =
        make_forwarding_pipeline(params, pipeline_options);
    SwitchNode node("switch", sw, phy_config, faults, *pipeline, pool, quantum, end, warmup, sim.seed, vcd.get());
    SwitchAsic& asic = node.asic();
    std::unique_ptr<TimeSeries> series;
    if (!options.csv_path.empty() || vcd) {
        series = std::make_unique<TimeSeries>(
            options.csv_path, std::max<TimePs>(1, std::llround(params.real("report.csv_interval") * 1e3)));
        node.sample_into(*series);
    }
    TrafficGenerator partners("partners", sw.ports, sw.port_speed_gbps, traffic, sim.seed, pool,
                              quantum, end, warmup);
    std::vector<std::unique_ptr<FibreLink>> rx_links, tx_links, pause_links;
    std::vector<std::unique_ptr<PacketSink>> sinks;
    for (size_t i = 0; i < static_cast<size_t>(sw.ports); ++i) {
        const std::string n = std::to_string(i);
        rx_links.emplace_back(new FibreLink(("rx_link_" + n).c_str(), sim.link_length_m));
        tx_links.emplace_back(new FibreLink(("tx_link_" + n).c_str(), sim.link_length_m));
        pause_links.emplace_back(new FibreLink(("pause_link_" + n).c_str(), sim.link_length_m));
        sinks.emplace_back(new PacketSink(("sink_" + n).c_str(), static_cast<int>(i), pool, end,
                                          warmup, queueing, latency_by_class));
        partners.out[i]->bind(rx_links[i]->in);
        rx_links[i]->out.bind(node.phy(static_cast<int>(i)).rx_in);
        node.phy(static_cast<int>(i)).tx_out.bind(tx_links[i]->in);
        tx_links[i]->out.bind(sinks[i]->in);
        asic.pause_out[i]->bind(pause_links[i]->in);
        pause_links[i]->out.bind(*partners.pause_in[i]);
    }

    ProgressMeter progress("progress", ps_to_sc(end));
    const auto wall_start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    sc_core::sc_start(ps_to_sc(end));
    const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    rethrow_process_error();
    node.finish();

    // --- collect ---------------------------------------------------------------------
    const double window_ps = static_cast<double>(end - warmup);
    const double window_s = window_ps * 1e-12;
    int64_t injected = 0, delivered = 0, window_offered_ps = 0, window_delivered_ps = 0;
    int64_t window_delivered = 0, window_bytes = 0, pause_received = 0, paused_ps = 0;
    DropCounters bad_crc{};  // the partners' receivers' CRC drops, by the reason their PHY gave
    FecCounters fec_total;
    nlohmann::json phy_ports = nlohmann::json::array();
    nlohmann::json ports = nlohmann::json::array();
    std::array<int64_t, traffic_class_count> class_packets{}, class_bytes{}, class_drops{};
    for (int i = 0; i < sw.ports; ++i) {
        const SourceCounters& src = partners.counters(i);
        const SinkCounters& dst = sinks[static_cast<size_t>(i)]->counters();
        const SwitchPortCounters& sp = asic.port_counters(i);
        injected += src.created;
        window_offered_ps += src.window_offered_ps;
        pause_received += src.pause_frames_received;
        paused_ps += src.paused_ps;
        delivered += dst.delivered;
        for (size_t r = 0; r < drop_reason_count; ++r) bad_crc[r] += dst.bad_crc_by_reason[r];
        const PhyPortReport pr = node.phy(i).report();
        for (const FecCounters* f : {&pr.rx, &pr.tx}) {
            fec_total.codewords += f->codewords;
            fec_total.corrected_symbols += f->corrected_symbols;
            fec_total.uncorrectable += f->uncorrectable;
            fec_total.degraded_blocks += f->degraded_blocks;
            fec_total.corrupted_frames += f->corrupted_frames;
        }
        nlohmann::json events = nlohmann::json::array();
        for (const auto& [t, what] : pr.events) events.push_back({{"t_ns", ps_to_ns(static_cast<double>(t))}, {"event", what}});
        phy_ports.push_back({
            {"port", i},
            {"fec_codewords", pr.rx.codewords + pr.tx.codewords},
            {"fec_corrected_symbols", pr.rx.corrected_symbols + pr.tx.corrected_symbols},
            {"fec_uncorrectable", pr.rx.uncorrectable + pr.tx.uncorrectable},
            {"fec_degrade_alarm", pr.rx.degraded_blocks + pr.tx.degraded_blocks > 0},
            {"pre_fec_ber_estimate", pr.pre_fec_ber_estimate},
            {"corrupted_frames", pr.rx.corrupted_frames + pr.tx.corrupted_frames},
            {"link_down_ns", ps_to_ns(static_cast<double>(pr.down_ps))},
            {"events", events},
        });
        window_delivered += dst.window_delivered;
        window_bytes += dst.window_bytes;
        window_delivered_ps += dst.window_wire_ps;
        for (size_t c = 0; c < traffic_class_count; ++c) {
            class_drops[c] += dst.bad_crc_by_class[c];
            class_packets[c] += dst.window_delivered_by_class[c];
            class_bytes[c] += dst.window_bytes_by_class[c];
        }
        ports.push_back({
            {"port", i},
            {"offered_load", static_cast<double>(src.window_offered_ps) / window_ps},
            {"accepted_load", static_cast<double>(dst.window_wire_ps) / window_ps},
            {"delivered_gbps", static_cast<double>(dst.window_bytes) * 8.0 / window_s * 1e-9},
            {"dropped", sp.drops},
            {"ecn_marked", sp.ecn_marked},
            {"pause_frames_sent", sp.pause_frames_sent},
            {"pause_frames_received", src.pause_frames_received},
            {"time_paused_ns", ps_to_ns(static_cast<double>(src.paused_ps))},
        });
    }
    for (const auto& h : latency_by_class) latency.merge(h);
    const auto& sc = asic.counters();
    nlohmann::json dropped = nlohmann::json::object();
    int64_t dropped_total = 0;
    DropCounters drops = sc.dropped;  // the switch's, plus the partners' receivers' CRC drops
    for (size_t r = 0; r < drop_reason_count; ++r) {
        drops[r] += bad_crc[r];
        dropped[drop_reason_name(static_cast<DropReason>(r))] = drops[r];
        dropped_total += drops[r];
    }
    // PFC frames are the switch's own traffic: not part of the data accounting.
    const int64_t pfc_frames_live = sc.pfc_frames_created - pause_received;
    const int64_t in_flight = pool.live() - pfc_frames_live;

    const double capacity_ps = window_ps * sw.ports;
    const double core_w = asic.core_energy().mean_power_w(end);
    const PhyPower phy_w = node.mean_phy_power();
    const double total_w = core_w + phy_w.host_serdes + phy_w.optics + phy_w.laser + phy_w.thermal_tuning;
    const double delivered_bits = static_cast<double>(window_bytes) * 8.0;

    auto summary = [](const LatencyHistogram& h) {
        return nlohmann::json{
            {"samples", h.count()},
            {"min", ps_to_ns(static_cast<double>(h.min()))},
            {"mean", ps_to_ns(h.mean())},
            {"p50", ps_to_ns(h.quantile(0.50))},
            {"p99", ps_to_ns(h.quantile(0.99))},
            {"p999", ps_to_ns(h.quantile(0.999))},
            {"max", ps_to_ns(static_cast<double>(h.max()))},
        };
    };

    nlohmann::json report;
    report["scenario"] = options.scenario_name;
    report["description"] = params.text("description");
    report["throughput"] = {
        {"offered_load", window_offered_ps / capacity_ps},
        {"accepted_load", window_delivered_ps / capacity_ps},
        {"delivered_gbps", delivered_bits / window_s * 1e-9},
        {"delivered_mpps", static_cast<double>(window_delivered) / window_s * 1e-6},
    };
    report["throughput_by_class"] = nlohmann::json::object();
    for (size_t c = 0; c < traffic_class_count; ++c)
        if (class_packets[c] > 0)
            report["throughput_by_class"][std::to_string(c)] = {
                {"delivered_packets", class_packets[c]},
                {"delivered_gbps", static_cast<double>(class_bytes[c]) * 8.0 / window_s * 1e-9}};
    report["latency_ns"] = summary(latency);
    report["latency_ns"]["queueing_mean"] = ps_to_ns(queueing.mean());
    report["latency_ns"]["queueing_p99"] = ps_to_ns(queueing.quantile(0.99));
    report["latency_ns_by_class"] = nlohmann::json::object();
    for (int c = 0; c < traffic_class_count; ++c)
        if (latency_by_class[static_cast<size_t>(c)].count() > 0)
            report["latency_ns_by_class"][std::to_string(c)] = summary(latency_by_class[static_cast<size_t>(c)]);
    report["packets"] = {
        {"injected", injected},
        {"delivered", delivered},
        {"dropped", dropped},
        {"dropped_total", dropped_total},
        {"in_flight", in_flight},
        {"in_flight_at_sources", partners.queued_at_sources()},
        {"replicated", sc.replicated},
        {"dropped_by_class", [&] {
             nlohmann::json j = nlohmann::json::object();
             for (size_t c = 0; c < traffic_class_count; ++c)
                 if (sc.dropped_by_class[c] + class_drops[c] > 0)
                     j[std::to_string(c)] = sc.dropped_by_class[c] + class_drops[c];
             return j;
         }()},
    };
    const double cell = sw.cell_bytes;
    report["buffer"] = {
        {"capacity_bytes", static_cast<double>(asic.buffer().total_cells()) * cell},
        {"cell_bytes", sw.cell_bytes},
        {"shared_bytes", static_cast<double>(asic.buffer().shared_cells()) * cell},
        {"occupancy_max_bytes", static_cast<double>(sc.buffer_max_cells) * cell},
        {"occupancy_mean_bytes", sc.buffer_cell_ps_in_window / window_ps * cell},
    };
    report["ecn"] = {{"enabled", sw.ecn.enabled}, {"marked", sc.ecn_marked}};
    report["pfc"] = {
        {"enabled", sw.pfc.enabled},
        {"pause_frames_sent", sc.pfc_frames_created - pfc_frames_live},
        {"pause_frames_received", pause_received},
        {"time_paused_ns", ps_to_ns(static_cast<double>(paused_ps))},
        {"headroom_bytes_per_group", sw.pfc.enabled ? static_cast<double>(asic.buffer().headroom_cells_per_group()) * cell : 0.0},
    };
    report["power_w"] = {
        {"switch_core", core_w},
        {"host_serdes", phy_w.host_serdes},
        {"optics", phy_w.optics},
        {"laser", phy_w.laser},
        {"thermal_tuning", phy_w.thermal_tuning},
        {"total", total_w},
        {"optics_per_port", (phy_w.optics + phy_w.laser + phy_w.thermal_tuning) / sw.ports},
    };
    const PhyOperatingPoint op = phy_config.operating_point();
    const PhyConfig& pc = phy_config;
    report["phy"] = {
        {"packaging", packaging_name(pc.packaging)},
        {"lanes_per_port", pc.port.lanes()},
        {"lane_rate_gbps", pc.port.lane().line_rate_gbps()},
        {"fec", fec_name(pc.port.fec().kind())},
        {"fec_latency_ns", pc.fec_latency_ns},
        {"pre_fec_ber", op.pre_fec_ber},
        {"pre_fec_ber_forced", op.ber_forced},
        {"codeword_failure_probability", op.codeword_failure_probability},
        {"fec_codewords", fec_total.codewords},
        {"fec_corrected_symbols", fec_total.corrected_symbols},
        {"fec_uncorrectable", fec_total.uncorrectable},
        {"fec_degraded_blocks", fec_total.degraded_blocks},
        {"corrupted_frames", fec_total.corrupted_frames},
        {"pre_fec_ber_estimate", pc.port.fec().estimate_ber(static_cast<uint64_t>(fec_total.corrected_symbols),
                                                            static_cast<uint64_t>(std::max<int64_t>(1, fec_total.codewords)))},
        {"link_budget_margin_db", op.budget.margin_db()},
        {"received_power_dbm", op.budget.received_power_dbm()},
        {"electrical_snr_db", op.electrical_snr_db},
        {"optical_snr_db", op.optical_snr_db},
        {"engine_temperature_c", op.engine_temperature_c},
        {"heater_mw_per_lane", op.heater_mw_per_lane},
        {"rings_locked", op.rings_locked},
        {"laser_wall_plug_efficiency", op.laser_wall_plug_efficiency},
        {"engines", pc.engines()},
        {"lasers", pc.engines() * LaserSource(pc.laser, pc.engine.lanes).lasers()},
        {"ports", phy_ports},
    };
    nlohmann::json fault_list = nlohmann::json::array();
    for (const auto& f : faults) fault_list.push_back(f.text);
    report["faults"] = fault_list;
    report["energy_pj_per_bit"] = nullptr;  // undefined when nothing was delivered
    if (delivered_bits > 0) report["energy_pj_per_bit"] = total_w * window_s / delivered_bits * 1e12;
    const int64_t events = asic.events() + partners.activations();
    report["sim"] = {
        {"sim_time_ns", ps_to_ns(static_cast<double>(end))},
        {"warmup_us", sim.warmup_us},
        {"measured_ns", ps_to_ns(window_ps)},
        {"seed", sim.seed},
        {"quantum_ns", ps_to_ns(static_cast<double>(quantum))},
        {"wall_s", wall_s},
        {"cpu_s", cpu_s},
        {"packets_per_wall_s", wall_s > 0 ? static_cast<double>(delivered) / wall_s : 0.0},
        {"events_per_packet",
         injected > 0 ? static_cast<double>(events) / static_cast<double>(injected) : 0.0},
    };
    report["ports"] = ports;
    report["parameters"] = parameters_json(params);
    return report;
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
