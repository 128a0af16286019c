#include "switch_config.h"

#include "queueing_fabric.h"

#include <algorithm>
#include <cmath>

#include "errors.h"
#include "units.h"

namespace cposim {

void SwitchConfig::declare_parameters(ParameterRegistry& r) {
    r.add_integer("switch.ports", 64, 2, 1024, "number of switch ports");
    r.add_real("switch.port_speed", Dimension::data_rate, "Gb/s", 800, 1, 3200,
               "line rate of every port (MAC rate; 800G = 8 x 100G lanes)");
    // Assumed: core clocks of 51.2T switch ASICs are not published; ~1.25 GHz is typical of
    // 5 nm logic at switch-pipeline depths.
    r.add_real("switch.core_clock", Dimension::frequency, "GHz", 1.25, 0.1, 5,
               "switch core clock: pipeline latency counts in its cycles");
    // Assumed: pipeline counts of switch ASICs are not published. By default a pipeline
    // serves 1.6 Tb/s of ports (16 x 100G, 2 x 800G): at 1.25 GHz line rate above 140 B
    // frames. The presets set their own (docs/pipeline.md "Packet rate limit").
    r.add_integer("switch.pipelines", 0, 0, 1024,
                  "forwarding pipelines of switch.pipeline=golden/rtl/checked, each serving a block of "
                  "ports / pipelines ports at one header per core clock; 0 = one per 1.6 Tb/s of ports");
    // Assumed: a few dozen headers of buffering ahead of each pipeline.
    r.add_integer("switch.pipeline_fifo_headers", 64, 1, 1000000,
                  "headers a pipeline's ingress FIFO holds; a header that finds it full is dropped "
                  "(pipeline_overrun)");
    std::string fabrics;  // every registered fabric with its one-line doc
    for (const auto& name : queueing_fabrics().names())
        fabrics += (fabrics.empty() ? "" : "; ") + name + " = " + queueing_fabrics().at(name).doc;
    r.add_choice("switch.queueing", "output", queueing_fabrics().names(), "queueing architecture: " + fabrics);
    // McKeown, "The iSLIP scheduling algorithm for input-queued switches", IEEE/ACM ToN 7(2),
    // 1999: one iteration reaches 100% under uniform traffic, log2(N) converge to a maximal
    // match. Assumed default 4 (log2 of a 16-port crossbar).
    r.add_integer("switch.islip_iterations", 4, 1, 16, "iSLIP iterations per matching");
    r.add_integer("switch.speedup", 1, 1, 4,
                  "crossbar speedup: matchings (cell transfers per input and output) per cell slot");
    r.add_boolean("switch.cut_through", false,
                  "cut-through forwarding (output queueing only): a frame may leave once its "
                  "first 64 bytes are in and the pipeline has decided");
    // Assumed: cell sizes of 51.2T buffers are not published; 256 B is within the usual
    // 128-256 B range of shared-memory switch cells.
    r.add_integer("switch.cell_bytes", 256, 64, 16384,
                  "buffer cell size; crossbar modes move one cell per slot (a slot is the wire "
                  "time of cell_bytes + 20 B at port speed)");
    // Tomahawk 5 class: ~165 MB shared buffer (SONiC buffers_defaults for Arista 7060X6,
    // docs/references.md "Tomahawk 5 buffer").
    r.add_real("switch.buffer_bytes", Dimension::data_size, "MB", 165, 0.001, 10000,
               "shared packet buffer (cells); tail drop when a frame does not fit");
    // SONiC's default lossy profile uses dynamic_th 0, i.e. alpha = 2^0 = 1 (Choudhury and
    // Hahne, "Dynamic queue length thresholds for shared-memory packet switches",
    // IEEE/ACM ToN 6(2), 1998).
    r.add_real("switch.dt_alpha", Dimension::none, "", 1, 0.001, 1024,
               "dynamic threshold: a queue may hold at most alpha x the free shared buffer");
    r.add_real("switch.reserved_bytes", Dimension::data_size, "B", 0, 0, 1e7,
               "static reservation per (egress port, class) queue, outside the shared pool");
    r.add_choice("switch.scheduler", "strict", {"strict", "dwrr"},
                 "egress scheduling over 8 classes: strict priority (7 highest) or DWRR");
    r.add_text("switch.dwrr_weights", "1,1,1,1,1,1,1,1",
               "DWRR weights of classes 0..7 (comma separated, each 1..1000)");
    // PFC thresholds, assumed (SONiC profiles size xoff from the headroom and use dynamic
    // thresholds; a static per-PG pause point is the simpler, common textbook setting).
    r.add_boolean("pfc.enabled", false, "priority flow control (IEEE 802.1Qbb) for lossless classes");
    r.add_text("pfc.lossless_classes", "3", "lossless classes, comma separated (0..7)");
    r.add_real("pfc.xoff_bytes", Dimension::data_size, "B", 200e3, 1e3, 1e9,
               "per (ingress port, lossless class) buffer use that sends a pause (XOFF)");
    r.add_real("pfc.xon_bytes", Dimension::data_size, "B", 150e3, 0, 1e9,
               "per (ingress port, lossless class) buffer use at or below which it resumes (XON, in whole cells)");
    // Tomahawk 5: ~29.4 MB shared headroom pool (SONiC Arista 7060X6 buffer profile,
    // docs/references.md "Tomahawk 5 buffer").
    r.add_real("pfc.headroom_pool_bytes", Dimension::data_size, "B", 0, 0, 1e10,
               "0: every (ingress port, lossless class) reserves its full PFC headroom; else the lossless groups "
               "draw headroom from one pool of this size (Tomahawk 5: ~29.4 MB), each up to its own headroom: "
               "what arrives after a pause beyond the pool is dropped (pfc_headroom_overflow)");
    r.add_integer("switch.mtu_bytes", 9216, 64, 16384,
                  "largest frame the switch accepts: PFC headroom and the DWRR quantum");
    // DCQCN's recommended RED/ECN marking: Kmin 5 KB, Kmax 200 KB, Pmax 1% (Zhu et al.,
    // "Congestion Control for Large-Scale RDMA Deployments", SIGCOMM 2015).
    r.add_boolean("ecn.enabled", false, "ECN marking at enqueue, RED-like on the egress queue");
    r.add_real("ecn.kmin_bytes", Dimension::data_size, "B", 5e3, 0, 1e9,
               "egress queue depth where marking starts");
    r.add_real("ecn.kmax_bytes", Dimension::data_size, "B", 200e3, 1, 1e9,
               "egress queue depth where the marking probability reaches ecn.pmax; all above");
    r.add_real("ecn.pmax", Dimension::none, "", 0.01, 0, 1, "marking probability at kmax");
    // Assumed split of a ~450-500 W Tomahawk-5-class ASIC (TechInsights / Microprocessor
    // Report estimate): ~200 W static core, ~1.5 pJ/bit for lookups and buffer write+read
    // (77 W at 51.2 Tb/s), the rest in long-reach SerDes.
    r.add_real("power.core_static_w", Dimension::power, "W", 200, 0, 5000,
               "switch core static power (leakage, clock tree, SRAM retention)");
    r.add_real("power.core_pj_per_bit", Dimension::energy_per_bit, "pJ/bit", 1.5, 0, 1000,
               "switch core dynamic energy per forwarded bit (lookups, buffer write and read)");
}

namespace {

std::vector<int> parse_int_list(const ParameterSet& p, const char* key, int lo, int hi) {
    std::vector<int> out;
    const std::string& list = p.text(key);
    // Comma-separated items (a trailing comma ends the list, as std::getline splits; a
    // stringstream per list was a tenth of building a k = 8 fat-tree's switches).
    for (size_t from = 0; from < list.size();) {
        const size_t comma = std::min(list.find(',', from), list.size());
        const std::string item = list.substr(from, comma - from);
        from = comma + 1;
        double v = 0;
        try {
            v = parse_quantity(item, Dimension::none, "");
        } catch (const std::invalid_argument& e) {
            throw ConfigError(p.value(key).origin + ": " + key + ": '" + item +
                              "' is not a number: " + e.what());
        }
        if (v != std::floor(v) || v < lo || v > hi)
            throw ConfigError(p.value(key).origin + ": " + key + ": '" + item +
                              "' is not an integer in [" + std::to_string(lo) + ", " +
                              std::to_string(hi) + "]");
        out.push_back(static_cast<int>(v));
    }
    return out;
}

}  // namespace

double pfc_response_quanta(double gbps) {
    // Linear through the two standard points (100G: 394, 400G: 905), floor at 394.
    const double q = 394.0 + (gbps - 100.0) * (905.0 - 394.0) / 300.0;
    return std::max(394.0, q);
}

double pfc_headroom_bytes(double gbps, double link_delay_ps, uint32_t mtu) {
    const double bytes_per_ps = gbps * 1e9 / 8.0 * 1e-12;
    const double pause_frame = 64 + 20;
    const double response_bytes = pfc_response_quanta(gbps) * 512.0 / 8.0;
    return 2.0 * (mtu + 20.0) + pause_frame + 2.0 * link_delay_ps * bytes_per_ps + response_bytes;
}

SwitchConfig SwitchConfig::from(const ParameterSet& p, double link_delay_ps) {
    SwitchConfig c;
    auto origin = [&](const char* key) { return p.value(key).origin + ": " + key + ": "; };
    c.ports = static_cast<int>(p.integer("switch.ports"));
    c.port_speed_gbps = p.real("switch.port_speed");
    c.core_clock_ghz = p.real("switch.core_clock");
    c.pipelines = static_cast<int>(p.integer("switch.pipelines"));  // checked where clocked pipelines are built
    if (c.pipelines == 0) {  // auto: blocks of 1.6 Tb/s of ports, or the largest smaller block that splits them
        int block = std::max(1, static_cast<int>(1600.0 / c.port_speed_gbps + 1e-9));
        while (c.ports % block != 0) --block;
        c.pipelines = c.ports / block;
    }
    c.pipeline_fifo_headers = static_cast<int>(p.integer("switch.pipeline_fifo_headers"));
    c.queueing = p.text("switch.queueing");
    c.islip_iterations = static_cast<int>(p.integer("switch.islip_iterations"));
    c.speedup = static_cast<int>(p.integer("switch.speedup"));
    c.cut_through = p.boolean("switch.cut_through");
    if (c.cut_through && c.queueing != "output")
        throw ConfigError(origin("switch.cut_through") +
                          "cut-through needs switch.queueing=output (crossbar modes move whole cells)");
    c.cell_bytes = static_cast<uint32_t>(p.integer("switch.cell_bytes"));
    c.buffer_bytes = p.real("switch.buffer_bytes") * 1e6;
    c.dt_alpha = p.real("switch.dt_alpha");
    c.reserved_cells = static_cast<uint32_t>(std::ceil(p.real("switch.reserved_bytes") / c.cell_bytes));
    c.scheduler = p.text("switch.scheduler") == "dwrr" ? SchedulerKind::dwrr : SchedulerKind::strict;
    const auto weights = parse_int_list(p, "switch.dwrr_weights", 1, 1000);
    if (weights.size() != traffic_class_count)
        throw ConfigError(origin("switch.dwrr_weights") + "expected 8 weights, got " +
                          std::to_string(weights.size()));
    for (int i = 0; i < traffic_class_count; ++i) c.dwrr_weights[static_cast<size_t>(i)] = static_cast<uint32_t>(weights[static_cast<size_t>(i)]);

    c.pfc.enabled = p.boolean("pfc.enabled");
    for (int cls : parse_int_list(p, "pfc.lossless_classes", 0, 7)) c.pfc.lossless_mask |= static_cast<uint8_t>(1u << cls);
    if (!c.pfc.enabled) c.pfc.lossless_mask = 0;
    c.pfc.xoff_bytes = p.real("pfc.xoff_bytes");
    c.pfc.xon_bytes = p.real("pfc.xon_bytes");
    if (c.pfc.xon_bytes >= c.pfc.xoff_bytes)
        throw ConfigError(origin("pfc.xon_bytes") + "must be below pfc.xoff_bytes (" +
                          p.value("pfc.xoff_bytes").text + " B)");
    c.pfc.mtu_bytes = static_cast<uint32_t>(p.integer("switch.mtu_bytes"));
    c.link_delay_ps = link_delay_ps;
    c.pfc.headroom_bytes = pfc_headroom_bytes(c.port_speed_gbps, link_delay_ps, c.pfc.mtu_bytes);
    c.pfc.headroom_pool_bytes = p.real("pfc.headroom_pool_bytes");

    c.ecn.enabled = p.boolean("ecn.enabled");
    c.ecn.kmin_bytes = p.real("ecn.kmin_bytes");
    c.ecn.kmax_bytes = p.real("ecn.kmax_bytes");
    c.ecn.pmax = p.real("ecn.pmax");
    if (c.ecn.kmax_bytes <= c.ecn.kmin_bytes)
        throw ConfigError(origin("ecn.kmax_bytes") + "must be above ecn.kmin_bytes");

    c.core_static_w = p.real("power.core_static_w");
    c.core_pj_per_bit = p.real("power.core_pj_per_bit");
    return c;
}

void SwitchConfig::set_port_link_delays(const std::vector<double>& delay_ps) {
    pfc.port_headroom_bytes.clear();
    for (double d : delay_ps) pfc.port_headroom_bytes.push_back(pfc_headroom_bytes(port_speed_gbps, d, pfc.mtu_bytes));
}

}  // namespace cposim
