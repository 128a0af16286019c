// The summary `cposim run` prints for a fabric run (report_summary.h).
#include <fmt/format.h>

#include "report_summary.h"

namespace cposim {

void print_fabric_summary(std::ostream& out, const nlohmann::json& r) {
    const auto& f = r.at("fabric");
    const auto& c = r.at("collective");
    const auto& u = f.at("uplink_utilisation");
    const auto& s = r.at("sim");
    out << fmt::format("cposim: {}  ({} fabric, {} load balancing, {} level: {})\n", r.at("scenario").get<std::string>(),
                       f.at("topology").get<std::string>(), f.at("load_balancing").get<std::string>(),
                       f.at("fidelity").get<std::string>(), f.at("built").get<std::string>());
    const std::string gpus = c.contains("jobs") ? fmt::format("{} jobs of {} GPUs", c.at("jobs").size(),
                                                              c.at("gpus_per_job").get<int>())
                                                : fmt::format("{} GPUs", c.at("gpus").get<int>());
    if (c.contains("trace")) {  // a Chakra trace: its makespan and its collectives
        const auto& t = c.at("trace");
        out << fmt::format("  trace        {}: {} ranks, {} nodes ({} compute, busiest rank {:.3f} us of it), {} collectives, "
                           "{} point-to-point messages: ",
                           t.at("prefix").get<std::string>(), t.at("ranks").get<int>(), t.at("nodes").get<int64_t>(),
                           t.at("delay_nodes").get<int64_t>(), t.at("compute_us_busiest_rank").get<double>(),
                           t.at("collectives").size(), t.at("point_to_point_messages").get<int64_t>());
        if (c.at("complete").get<bool>())
            out << fmt::format("completed in {:.3f} us\n", c.at("completion_us").get<double>());
        else
            out << fmt::format("did NOT complete: {} of {} nodes by the end of the run ({:.3f} us)\n",
                               t.at("nodes_completed").get<int64_t>(), t.at("nodes").get<int64_t>(),
                               s.at("sim_time_ns").get<double>() * 1e-3);
        size_t shown = 0;
        for (const auto& k : t.at("collectives")) {
            if (++shown > 8) {
                out << fmt::format("               ... {} more in the report (collective.trace.collectives)\n",
                                   t.at("collectives").size() - 8);
                break;
            }
            if (k.at("duration_us").is_null()) {
                out << fmt::format("    {} {} of {} B over {} ranks: not complete\n", k.at("name").get<std::string>(),
                                   k.at("type").get<std::string>(), k.at("bytes").get<int64_t>(), k.at("ranks").get<int64_t>());
                continue;
            }
            out << fmt::format("    {} {} of {} B over {} ranks ({}): {:.3f} .. {:.3f} us{}\n",
                               k.at("name").get<std::string>(), k.at("type").get<std::string>(), k.at("bytes").get<int64_t>(),
                               k.at("ranks").get<int64_t>(), k.at("algorithm").get<std::string>(),
                               k.at("start_us").get<double>(), k.at("end_us").get<double>(),
                               k.at("busbw_gbps").is_null() ? ""  // a barrier: no bandwidth
                                                            : fmt::format("  busbw {:.1f} Gb/s", k.at("busbw_gbps").get<double>()));
        }
    } else if (c.at("complete").get<bool>() && c.at("algbw_gbps").is_null())  // a barrier: no data, no bandwidth
        out << fmt::format("  collective   {} over {}: {:.3f} us\n", c.at("name").get<std::string>(), gpus,
                           c.at("completion_us").get<double>());
    else if (c.at("complete").get<bool>())
        out << fmt::format("  collective   {} of {} B over {}: {:.3f} us  algbw {:.1f} Gb/s  busbw {:.1f} Gb/s\n",
                           c.at("name").get<std::string>(), c.at("bytes").get<double>(), gpus,
                           c.at("completion_us").get<double>(), c.at("algbw_gbps").get<double>(),
                           c.at("busbw_gbps").get<double>());
    else
        out << fmt::format("  collective   {} over {} GPUs did NOT complete: {} of {} messages delivered by the end of "
                           "the run ({:.3f} us): a longer sim.duration_us, or fewer drops (docs/fabric.md)\n",
                           c.at("name").get<std::string>(), c.at("gpus").get<int>(),
                           c.at("messages_delivered").get<int64_t>(), c.at("messages").get<int64_t>(),
                           s.at("sim_time_ns").get<double>() * 1e-3);
    const auto& fct = r.at("flows").at("fct_us");
    const auto& slow = r.at("flows").at("slowdown");
    out << fmt::format("  messages     FCT mean {:.3f} us  p99 {:.3f} us  slowdown against an idle fabric mean {:.2f}  "
                       "p99 {:.2f}\n",
                       fct.at("mean").get<double>(), fct.at("p99").get<double>(), slow.at("mean").get<double>(),
                       slow.at("p99").get<double>());
    out << fmt::format("  uplinks      {} carried traffic of {} ({:.0f}%)  utilisation mean {:.3f}  max {:.3f}  min {:.3f}\n",
                       static_cast<int64_t>(std::llround(u.at("fraction_carrying_traffic").get<double>() *
                                                         u.at("uplinks").get<double>())),
                       u.at("uplinks").get<int64_t>(), u.at("fraction_carrying_traffic").get<double>() * 100,
                       u.at("mean").get<double>(), u.at("max").get<double>(), u.at("min").get<double>());
    if (r.contains("ocs")) {  // circuits, as a fluid
        const auto& o = r.at("ocs");
        const auto& l = o.at("link");
        out << fmt::format("  ocs          {} x {} OCS ({} of {} ports used), {} schedule, {} routing: duty cycle {:.4f}, {} "
                           "reconfigurations, {:.1f} MB of capacity lost to them, {:.1f} MB relayed; {:.0f} W\n",
                           o.at("units").get<int>(), o.at("technology").get<std::string>(),
                           o.at("ports_used_per_unit").get<int>(), o.at("ports_per_unit").get<int>(),
                           o.at("schedule").get<std::string>(), o.at("routing").get<std::string>(),
                           o.at("duty_cycle").get<double>(), o.at("reconfigurations").get<int64_t>(),
                           o.at("bytes_lost_to_reconfig").get<double>() * 1e-6, o.at("relayed_bytes").get<double>() * 1e-6,
                           o.at("power_w").get<double>());
        out << fmt::format("  circuit link {:.0f} m of fibre + the OCS: margin {} dB (worst port pair {} dB), pre-FEC BER {:.2e} "
                           "(worst {:.2e}){}\n",
                           l.at("fibre_m").get<double>(),
                           l.at("margin_db").is_null() ? std::string("-inf") : fmt::format("{:.2f}", l.at("margin_db").get<double>()),
                           l.at("worst_margin_db").is_null() ? std::string("-inf") : fmt::format("{:.2f}", l.at("worst_margin_db").get<double>()),
                           l.at("pre_fec_ber").get<double>(), l.at("worst_pre_fec_ber").get<double>(),
                           l.at("closes").get<bool>() ? "" : "  LINK DOES NOT CLOSE at the worst port pair");
        out << fmt::format("  sim          circuit fluid: {} flows, {} steps, {:.3f} us simulated in {:.2f} s wall\n",
                           s.at("flows").get<int64_t>(), s.at("fluid_steps").get<int64_t>(),
                           s.at("sim_time_ns").get<double>() * 1e-3, s.at("wall_s").get<double>());
        return;
    }
    if (f.at("fidelity") == "flow") {  // no packets, no switch models
        out << fmt::format("  sim          flow level: {} flows, {} max-min rate solutions, {:.3f} us simulated in {:.2f} s wall\n",
                           s.at("flows").get<int64_t>(), s.at("rate_solutions").get<int64_t>(),
                           s.at("sim_time_ns").get<double>() * 1e-3, s.at("wall_s").get<double>());
        return;
    }
    const auto& p = r.at("packets");
    std::string drops;
    for (const auto& [reason, n] : p.at("dropped").items())
        if (n.get<int64_t>() != 0) drops += fmt::format(" {} {}", reason, n.get<int64_t>());
    if (drops.empty()) drops = " none";
    out << fmt::format("  packets      injected {}  delivered {}  dropped{}  in flight {}\n", p.at("injected").get<int64_t>(),
                       p.at("delivered").get<int64_t>(), drops, p.at("in_flight").get<int64_t>());
    if (r.at("pfc").at("enabled").get<bool>())
        out << fmt::format("  PFC          pause frames sent {}  switch egress paused {:.1f} us  NICs paused {:.1f} us\n",
                           r.at("pfc").at("pause_frames_sent").get<int64_t>(),
                           r.at("pfc").at("egress_paused_ns").get<double>() * 1e-3,
                           r.at("hosts").at("time_paused_ns").get<double>() * 1e-3);
    const auto& tr = r.at("transport");
    if (tr.at("retransmitted_frames").get<int64_t>() + tr.at("timeout_probes").get<int64_t>() > 0)
        out << fmt::format("  go-back-N    {} frames resent after {} NAKs and {} timeouts; {} frames discarded out of order\n",
                           tr.at("retransmitted_frames").get<int64_t>(), tr.at("naks_sent").get<int64_t>(),
                           tr.at("timeout_probes").get<int64_t>(), tr.at("out_of_order_discarded").get<int64_t>());
    const auto& e = r.at("energy");
    out << fmt::format("  power        switches {:.0f} W ({:.0f} W with cooling and conversion)  energy {:.3f} mJ per "
                       "collective{}\n",
                       r.at("power_w").at("switches").get<double>(), r.at("power_w").at("switches_system").get<double>(),
                       e.at("collective_j").get<double>() * 1e3,
                       e.at("pj_per_payload_bit").is_null()
                           ? std::string()
                           : fmt::format(", {:.1f} pJ per payload bit", e.at("pj_per_payload_bit").get<double>()));
    out << fmt::format("  sim          {:.3f} us simulated in {:.2f} s wall ({:.2f} M packet-hops/s, quantum {:.3f} ns)\n",
                       s.at("sim_time_ns").get<double>() * 1e-3, s.at("wall_s").get<double>(),
                       s.at("packet_hops_per_wall_s").get<double>() * 1e-6, s.at("quantum_ns").get<double>());
}

}  // namespace cposim
