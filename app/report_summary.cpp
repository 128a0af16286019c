#include "report_summary.h"

#include <algorithm>

#include <fmt/format.h>

namespace cposim {

void print_summary(std::ostream& out, const nlohmann::json& r) {
    if (r.contains("fabric")) return print_fabric_summary(out, r);
    const auto& v = r.at("parameters").at("values");
    const auto& t = r.at("throughput");
    const auto& l = r.at("latency_ns");
    const auto& p = r.at("packets");
    const auto& w = r.at("power_w");
    const auto& s = r.at("sim");
    // the traffic: generated (frame size, load) or a replayed capture (file, frames, load on its ports)
    const std::string traffic =
        r.contains("replay")
            ? fmt::format("replay of {}: {} frames, load {:.3f} on {} ports", r.at("replay").at("file").get<std::string>(),
                          r.at("replay").at("frames").get<int64_t>(),
                          r.at("replay").at("capture_load").get<double>() / r.at("replay").at("time_scale").get<double>(),
                          r.at("replay").at("ports_used").get<int64_t>())
            : fmt::format("{} B frames, load {}", v.at("traffic.packet_bytes").get<double>(), v.at("traffic.load").get<double>());
    out << fmt::format("cposim: {}  ({} ports x {} Gb/s, {} queueing, {} pipeline, {})\n",
                       r.at("scenario").get<std::string>(), v.at("switch.ports").get<double>(),
                       v.at("switch.port_speed").get<double>(),
                       v.at("switch.queueing").get<std::string>(), v.at("switch.pipeline").get<std::string>(), traffic);
    out << fmt::format("  throughput   offered {:.4f}  accepted {:.4f}  {:.1f} Gb/s  {:.2f} Mpps\n",
                       t.at("offered_load").get<double>(), t.at("accepted_load").get<double>(),
                       t.at("delivered_gbps").get<double>(), t.at("delivered_mpps").get<double>());
    out << fmt::format("  latency      mean {:.1f} ns  p50 {:.1f}  p99 {:.1f}  p99.9 {:.1f}  max {:.1f} ns"
                       "  (queueing mean {:.1f} ns)\n",
                       l.at("mean").get<double>(), l.at("p50").get<double>(),
                       l.at("p99").get<double>(), l.at("p999").get<double>(),
                       l.at("max").get<double>(), l.at("queueing_mean").get<double>());
    std::string drops;
    for (const auto& [reason, n] : p.at("dropped").items())
        if (n.get<int64_t>() != 0) drops += fmt::format(" {} {}", reason, n.get<int64_t>());
    if (drops.empty()) drops = " none";
    std::string by_class;
    for (const auto& [cls, n] : p.at("dropped_by_class").items())
        by_class += fmt::format("{}class {} {}", by_class.empty() ? "" : ", ", cls, n.get<int64_t>());
    if (!by_class.empty()) drops += " (" + by_class + ")";
    const int64_t replicated = p.at("replicated").get<int64_t>();
    out << fmt::format("  packets      injected {}{}  delivered {}  dropped{}  in flight {}\n",
                       p.at("injected").get<int64_t>(),
                       replicated ? fmt::format(" (+{} flood copies)", replicated) : std::string(),
                       p.at("delivered").get<int64_t>(), drops, p.at("in_flight").get<int64_t>());
    // A block that is the bottleneck by itself: say so, or a sweep saturates with no hint why.
    const double fabric = t.at("fabric_capacity_load").get<double>();
    if (fabric < t.at("offered_load").get<double>())
        out << fmt::format("  note         the {} fabric moves at most {:.3f} of line rate for these frames ({} B cells, "
                           "speedup {}), below the offered load {:.4f}\n",
                           v.at("switch.queueing").get<std::string>(), fabric, v.at("switch.cell_bytes").get<double>(),
                           v.at("switch.speedup").get<double>(), t.at("offered_load").get<double>());
    const auto& pfc = r.at("pfc");
    const auto& ecn = r.at("ecn");
    if (pfc.at("enabled").get<bool>() || ecn.at("enabled").get<bool>())
        out << fmt::format("  flow control PFC frames sent {}  time paused {:.1f} us  ECN marked {}\n",
                           pfc.at("pause_frames_sent").get<int64_t>(),
                           pfc.at("time_paused_ns").get<double>() * 1e-3, ecn.at("marked").get<int64_t>());
    if (r.contains("pipelines")) {  // clocked pipelines: how busy, how deep, what they lost
        double busiest = 0;
        int64_t peak = 0, overruns = 0;
        for (const auto& p : r.at("pipelines")) {
            busiest = std::max(busiest, p.at("utilisation").get<double>());
            peak = std::max(peak, p.at("fifo_peak_headers").get<int64_t>());
            overruns += p.at("overrun_drops").get<int64_t>();
        }
        out << fmt::format("  pipelines    {} x {} at {} GHz: busiest {:.3f} of its clocks, FIFO peak {} headers, "
                           "overrun drops {}\n",
                           r.at("pipelines").size(), v.at("switch.pipeline").get<std::string>(),
                           v.at("switch.core_clock").get<double>(), busiest, peak, overruns);
    }
    const auto& b = r.at("buffer");
    out << fmt::format("  buffer       max {:.3f} MB  mean {:.3f} MB  of {:.1f} MB\n",
                       b.at("occupancy_max_bytes").get<double>() * 1e-6,
                       b.at("occupancy_mean_bytes").get<double>() * 1e-6,
                       b.at("capacity_bytes").get<double>() * 1e-6);
    if (!r.at("faults").empty())
        out << fmt::format("  faults       {} scheduled (see faults and phy.ports[].events in the report)\n",
                           r.at("faults").size());
    const auto& phy = r.at("phy");
    out << fmt::format("  phy          {} x {} Gb/s lanes, {}, pre-FEC BER {:.2e}, FEC uncorrectable {}, "
                       "corrupted frames {}, margin {:.1f} dB\n",
                       phy.at("lanes_per_port").get<int>(), phy.at("lane_rate_gbps").get<double>(),
                       phy.at("fec").get<std::string>(), phy.at("pre_fec_ber").get<double>(),
                       phy.at("fec_uncorrectable").get<int64_t>(), phy.at("corrupted_frames").get<int64_t>(),
                       phy.at("link_budget_margin_db").get<double>());
    if (r.contains("assembly")) {  // optics from an assembled package: its worst port
        const auto& a = r.at("assembly");
        int worst = 0;
        double worst_ber = -1;
        for (const auto& p : a.at("ports")) {
            const double b = std::max(p.at("pre_fec_ber_rx").get<double>(), p.at("pre_fec_ber_tx").get<double>());
            if (b > worst_ber) worst_ber = b, worst = p.at("port").get<int>();
        }
        const auto& wp = a.at("ports")[static_cast<size_t>(worst)];
        out << fmt::format("  assembly     package {} ({}): {} lanes failed, {} ports failed; worst port {}: pre-FEC BER "
                           "rx {:.2e} tx {:.2e}, FEC uncorrectable {}\n",
                           a.at("package").get<int64_t>(), a.at("good").get<bool>() ? "good" : "scrapped",
                           a.at("lanes_failed").get<int>(), a.at("ports_failed").get<int>(), worst,
                           wp.at("pre_fec_ber_rx").get<double>(), wp.at("pre_fec_ber_tx").get<double>(),
                           phy.at("ports")[static_cast<size_t>(worst)].at("fec_uncorrectable").get<int64_t>());
    }
    out << fmt::format("  power        total {:.1f} W: switch core {:.1f}, host SerDes {:.1f}, optics interface {:.1f}, "
                       "optics {:.1f}, control {:.1f}, thermal tuning {:.1f}, laser {:.1f}, laser overhead {:.1f} W; "
                       "optics {:.2f} W/port",
                       w.at("total").get<double>(), w.at("switch_core").get<double>(),
                       w.at("host_serdes").get<double>(), w.at("optics_interface").get<double>(),
                       w.at("optics").get<double>(), w.at("optics_control").get<double>(),
                       w.at("thermal_tuning").get<double>(), w.at("laser").get<double>(),
                       w.at("laser_overhead").get<double>(), w.at("optics_per_port").get<double>());
    if (!r.at("energy_pj_per_bit").is_null())
        out << fmt::format("  {:.2f} pJ/bit", r.at("energy_pj_per_bit").get<double>());
    out << "\n";
    const auto& c = r.at("cooling");
    out << fmt::format("  system       {:.1f} W: ASIC and I/O {:.1f}, cooling {:.1f} (fans {:.1f}, pumps {:.1f}), "
                       "conversion loss {:.1f}, management {:.1f} W",
                       w.at("system").get<double>(), w.at("total").get<double>(), w.at("cooling").get<double>(),
                       c.at("fans_w").get<double>(), c.at("pumps_w").get<double>(),
                       w.at("conversion_loss").get<double>(), w.at("management").get<double>());
    if (!r.at("energy_pj_per_bit_system").is_null())
        out << fmt::format("  {:.2f} pJ/bit", r.at("energy_pj_per_bit_system").get<double>());
    out << "\n";
    std::string alarms;
    for (const auto& a : c.at("alarms"))
        alarms += fmt::format("{}{} {:.1f} C > {:.0f} C ({})", alarms.empty() ? "" : ", ", a.at("part").get<std::string>(),
                              a.at("temperature_c").get<double>(), a.at("limit_c").get<double>(),
                              a.at("action").get<std::string>());
    out << fmt::format("  cooling      {}: ASIC junction {:.1f} C (limit {:.0f}), engines up to {:.1f} C (limit {:.0f}); "
                       "alarms {}\n",
                       c.at("mode").get<std::string>(), c.at("asic_junction_c").get<double>(),
                       c.at("asic_tj_max_c").get<double>(), c.at("engine_temperature_max_c").get<double>(),
                       c.at("engine_temperature_limit_c").get<double>(), alarms.empty() ? "none" : alarms);
    const auto& cost = r.at("cost_usd");
    out << fmt::format("  cost         capex {:.0f} USD ({:.3f} USD per Gb/s), energy {:.0f} USD a year, TCO {:.0f} USD "
                       "over {:g} years ({:.3f} USD per Gb/s)\n",
                       cost.at("capex").get<double>(), cost.at("per_gbps").get<double>(),
                       cost.at("energy_per_year").get<double>(), cost.at("tco").get<double>(),
                       cost.at("years").get<double>(), cost.at("tco_per_gbps").get<double>());
    const std::string stopped = r.value("complete", true)
                                    ? ""
                                    : fmt::format(" (stopped early, of {:.1f} us planned)",
                                                  s.at("planned_time_ns").get<double>() * 1e-3);
    out << fmt::format("  simulation   {:.1f} us simulated{} in {:.3f} s wall: {:.2f} M packets/s,"
                       " {:.3f} events/packet\n",
                       s.at("sim_time_ns").get<double>() * 1e-3, stopped, s.at("wall_s").get<double>(),
                       s.at("packets_per_wall_s").get<double>() * 1e-6,
                       s.at("events_per_packet").get<double>());
}

}  // namespace cposim
