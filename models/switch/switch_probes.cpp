#include "switch_probes.h"

#include "switch_asic.h"

namespace cposim {

SwitchProbes::SwitchProbes(VcdWriter& vcd, int ports) : vcd_(vcd), buffer_(vcd.add_variable("switch", "buffer_used_bytes", 40)) {
    for (int i = 0; i < ports; ++i) {
        const std::string scope = "switch.port" + std::to_string(i);
        ports_.push_back({vcd.add_variable(scope, "queue_bytes", 32), vcd.add_variable(scope, "tx_busy", 1),
                          vcd.add_variable(scope, "drops", 32)});
    }
}

void SwitchProbes::sample_into(TimeSeries& series, const SwitchAsic& asic) {
    const int buffer = series.column("buffer_bytes"), egress = series.column("egress_gbps"),
              drops = series.column("drops"), pfc = series.column("pfc_frames"), ecn = series.column("ecn_marked"),
              power = series.column("power_w");
    struct Last {
        int64_t bytes = 0, drops = 0, pfc = 0, ecn = 0;
        double core_j = 0;
    };
    auto last = std::make_shared<Last>();
    const TimePs interval = series.interval();
    series.add_sampler([=, &asic](TimePs t, TimeSeries::Row& row) {
        const SwitchCounters& c = asic.counters();
        int64_t dropped = 0;
        for (auto d : c.dropped) dropped += d;
        const double seconds = static_cast<double>(interval) * 1e-12;
        const double core_j = asic.core_energy().energy_j(t);  // the core's energy in the interval
        row[static_cast<size_t>(buffer)] = static_cast<double>(asic.buffer().used_cells()) * asic.config().cell_bytes;
        row[static_cast<size_t>(egress)] = static_cast<double>(c.transmitted_bytes - last->bytes) * 8.0 / seconds * 1e-9;
        row[static_cast<size_t>(drops)] = static_cast<double>(dropped - last->drops);
        row[static_cast<size_t>(pfc)] = static_cast<double>(c.pfc_frames_created - last->pfc);
        row[static_cast<size_t>(ecn)] = static_cast<double>(c.ecn_marked - last->ecn);
        row[static_cast<size_t>(power)] += (core_j - last->core_j) / seconds;
        *last = {c.transmitted_bytes, dropped, c.pfc_frames_created, c.ecn_marked, core_j};
    });
}

}  // namespace cposim
