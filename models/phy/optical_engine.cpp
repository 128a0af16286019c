#include "optical_engine.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cposim {

namespace {
// Power of `share` ports of one engine in a given state, part by part: add(part, W).
template <class Add>
void power_parts(Add&& add, const PhyOperatingPoint& op, double laser_fraction_working, int lanes_per_port,
                 double share) {
    const double heater_w = op.heater_mw_per_lane * 1e-3 * lanes_per_port;
    add(&PhyPower::host_serdes, share * op.host_serdes_w);
    add(&PhyPower::optics, share * (op.optics_w - heater_w + op.module_dsp_w));
    add(&PhyPower::thermal_tuning, share * heater_w);
    add(&PhyPower::laser, share * op.laser_w * laser_fraction_working);
}
void add_power(PhyPower& w, const PhyOperatingPoint& op, double laser_fraction_working, int lanes_per_port,
               double share) {
    power_parts([&w](double PhyPower::*part, double v) { w.*part += v; }, op, laser_fraction_working, lanes_per_port,
                share);
}
}  // namespace

OpticalEngine::OpticalEngine(sc_core::sc_module_name name, int index, const PhyConfig& config, int ports_served,
                             const std::vector<Fault>& faults, TimePs warmup, TimePs end)
    : sc_module(name), index_(index), ports_served_(ports_served),
      lasers_(LaserSource(config.laser, config.engine.lanes).lasers()), config_(config), warmup_(warmup), end_(end) {
    // Temperature steps (with the first-order lag, sampled every tau/4 for 5 tau) and laser
    // failures.
    std::map<TimePs, double> coolant_steps;  // time -> delta K
    std::set<TimePs> laser_fail_times;
    for (const auto& f : faults) {
        if (f.kind == FaultKind::temp_step && f.engine == index) coolant_steps[f.at] += f.delta_k;
        if (f.kind == FaultKind::laser_fail && f.engine == index) laser_fail_times.insert(f.at);
    }
    std::set<TimePs> times{0};
    const double tau_ps = config.thermal.tau_s * 1e12;
    for (const auto& [t, d] : coolant_steps) {
        times.insert(t);
        if (tau_ps > 0)
            for (int k = 1; k <= 20; ++k) times.insert(t + static_cast<TimePs>(tau_ps * k / 4));
    }
    for (TimePs t : laser_fail_times) times.insert(t);
    for (TimePs t : times) {
        double delta = 0;  // effective coolant offset at t
        for (const auto& [ts, d] : coolant_steps)
            if (ts <= t) delta += tau_ps > 0 ? d * (1 - std::exp(-static_cast<double>(t - ts) / tau_ps)) : d;
        int failed = 0;
        for (const auto& f : faults)
            if (f.kind == FaultKind::laser_fail && f.engine == index && f.at <= t) ++failed;
        PhyConfig c = config;
        c.thermal.coolant_c += delta;
        segments_.push_back({t, c.operating_point(), 1.0 - static_cast<double>(failed) / lasers_});
    }
}

const PhyOperatingPoint& OpticalEngine::op_at(TimePs t) const {
    size_t i = 0;
    while (i + 1 < segments_.size() && segments_[i + 1].t <= t) ++i;
    return segments_[i].op;
}

void OpticalEngine::write_stats(Report& report) const {
    // The parts in the order the total sums them; then each segment's share of the window.
    for (const char* part : {"host_serdes", "optics", "laser", "thermal_tuning"}) report.add_power(part, 0.0);
    auto add = [&report](double PhyPower::*part, double w) {
        report.add_power(part == &PhyPower::host_serdes ? "host_serdes"
                         : part == &PhyPower::optics    ? "optics"
                         : part == &PhyPower::laser     ? "laser"
                                                        : "thermal_tuning",
                         w);
    };
    const double window = static_cast<double>(end_ - warmup_);
    for (size_t i = 0; i < segments_.size(); ++i) {
        const TimePs from = std::max(segments_[i].t, warmup_);
        const TimePs to = i + 1 < segments_.size() ? std::min(segments_[i + 1].t, end_) : end_;
        if (to <= from) continue;
        power_parts(add, segments_[i].op, segments_[i].laser_fraction_working, config_.port.lanes(),
                    static_cast<double>(to - from) / window * ports_served_);
    }
}

void OpticalEngine::add_power_at(PhyPower& w, TimePs t) const {
    size_t i = 0;
    while (i + 1 < segments_.size() && segments_[i + 1].t <= t) ++i;
    add_power(w, segments_[i].op, segments_[i].laser_fraction_working, config_.port.lanes(), ports_served_);
}

void OpticalEngine::trace_waves(VcdWriter& vcd, TimeSeries& samples) {
    const std::string scope = "phy.engine" + std::to_string(index_);
    const int temperature = vcd.add_variable(scope, "temperature_mc", 32);
    const int heater = vcd.add_variable(scope, "heater_mw", 32);
    samples.add_sampler([this, &vcd, temperature, heater](TimePs t, TimeSeries::Row&) {
        vcd.change(temperature, t, static_cast<uint64_t>(std::llround(std::max(0.0, temperature_c_at(t)) * 1e3)));
        vcd.change(heater, t, static_cast<uint64_t>(std::llround(heater_w_at(t) * 1e3)));
    });
}

}  // namespace cposim
