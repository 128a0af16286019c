#include "optical_engine.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "run_control.h"

namespace cposim {

namespace {
// Power of `share` ports of one engine in a given state, part by part: add(part, W). A shut
// down engine draws nothing; the ASIC's SerDes of its ports keep running.
template <class Add>
void power_parts(Add&& add, const PhyOperatingPoint& op, double laser_fraction_working, bool off, double share) {
    add(&PhyPower::host_serdes, share * op.host_serdes_w);
    if (off) return;
    add(&PhyPower::optics_interface, share * op.interface_w);
    add(&PhyPower::optics, share * op.optics_w);
    add(&PhyPower::optics_control, share * op.control_w);
    add(&PhyPower::thermal_tuning, share * op.heater_w);
    add(&PhyPower::laser, share * op.laser_w * laser_fraction_working);
    add(&PhyPower::laser_overhead, share * (op.laser_overhead_w * laser_fraction_working + op.laser_module_w));
}

const char* part_name(double PhyPower::*part) {
    if (part == &PhyPower::host_serdes) return "host_serdes";
    if (part == &PhyPower::optics_interface) return "optics_interface";
    if (part == &PhyPower::optics) return "optics";
    if (part == &PhyPower::optics_control) return "optics_control";
    if (part == &PhyPower::thermal_tuning) return "thermal_tuning";
    if (part == &PhyPower::laser) return "laser";
    return "laser_overhead";
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
        Segment s{t, c.operating_point(), 1.0 - static_cast<double>(failed) / lasers_, false};
        const bool was_off = !segments_.empty() && segments_.back().off;
        if (!was_off && s.op.engine_temperature_c > config.thermal.max_temperature_c && alarms_.empty())
            alarms_.push_back({t, s.op.engine_temperature_c, config.thermal.max_temperature_c,
                               config.thermal.shutdown_over_limit});
        s.off = was_off || (!alarms_.empty() && alarms_.front().shutdown);
        if (s.off) s.op.engine_temperature_c = c.thermal.coolant_c;  // nothing left to heat it
        segments_.push_back(s);
    }
}

const PhyOperatingPoint& OpticalEngine::op_at(TimePs t) const {
    size_t i = 0;
    while (i + 1 < segments_.size() && segments_[i + 1].t <= t) ++i;
    return segments_[i].op;
}

bool OpticalEngine::off_at(TimePs t) const {
    size_t i = 0;
    while (i + 1 < segments_.size() && segments_[i + 1].t <= t) ++i;
    return segments_[i].off;
}

double OpticalEngine::max_temperature_c() const {
    double m = segments_.front().op.engine_temperature_c;
    for (const auto& s : segments_) m = std::max(m, s.op.engine_temperature_c);
    return std::max(m, alarms_.empty() ? m : alarms_.front().temperature_c);
}

void OpticalEngine::write_stats(Report& report) const {
    // The parts in the order the total sums them; then each segment's share of the window.
    for (auto part : {&PhyPower::host_serdes, &PhyPower::optics_interface, &PhyPower::optics, &PhyPower::optics_control,
                      &PhyPower::thermal_tuning, &PhyPower::laser, &PhyPower::laser_overhead})
        report.add_power(part_name(part), 0.0);
    auto add = [&report](double PhyPower::*part, double w) { report.add_power(part_name(part), w); };
    const TimePs end = run_control::effective_end(end_);  // a run stopped early ends sooner
    const double window = static_cast<double>(end - warmup_);
    for (size_t i = 0; i < segments_.size(); ++i) {
        const TimePs from = std::max(segments_[i].t, warmup_);
        const TimePs to = i + 1 < segments_.size() ? std::min(segments_[i + 1].t, end) : end;
        if (to <= from) continue;
        power_parts(add, segments_[i].op, segments_[i].laser_fraction_working, segments_[i].off,
                    static_cast<double>(to - from) / window * ports_served_);
    }
    for (const auto& a : alarms_) {
        if (a.t > end) continue;  // after the end of a run stopped early
        report.at("cooling.alarms").push_back({{"part", std::string(name())},
                                               {"at_ns", static_cast<double>(a.t) * 1e-3},
                                               {"temperature_c", a.temperature_c},
                                               {"limit_c", a.limit_c},
                                               {"action", a.shutdown ? "shutdown" : "alarm"}});
    }
}

void OpticalEngine::add_power_at(PhyPower& w, TimePs t) const {
    size_t i = 0;
    while (i + 1 < segments_.size() && segments_[i + 1].t <= t) ++i;
    power_parts([&w](double PhyPower::*part, double v) { w.*part += v; }, segments_[i].op,
                segments_[i].laser_fraction_working, segments_[i].off, ports_served_);
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
