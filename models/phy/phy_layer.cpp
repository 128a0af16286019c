#include "phy_layer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "codeword_sampler.h"

namespace cposim {

namespace {
constexpr double link_down_ber = 1e-2;  // assumed: beyond this the PCS loses block lock

// Power of `ports` ports of one engine in a given state, scaled by `share`.
void add_power(PhyPower& w, const PhyOperatingPoint& op, double laser_fraction_working, int lanes_per_port,
               double share) {
    const double heater_w = op.heater_mw_per_lane * 1e-3 * lanes_per_port;
    w.host_serdes += share * op.host_serdes_w;
    w.optics += share * (op.optics_w - heater_w + op.module_dsp_w);
    w.thermal_tuning += share * heater_w;
    w.laser += share * op.laser_w * laser_fraction_working;
}
}  // namespace

PhyLayer::PhyLayer(const PhyConfig& config, const std::vector<Fault>& faults, TimePs warmup,
                   TimePs end, uint64_t seed)
    : config_(config), baseline_(config.operating_point()), warmup_(warmup), end_(end),
      fec_latency_ps_(static_cast<TimePs>(std::llround(config.fec_latency_ns * 1e3))),
      events_(static_cast<size_t>(config.ports)), down_ps_(static_cast<size_t>(config.ports), 0) {
    const Fec& fec = config.port.fec();
    for (int p = 0; p < config.ports; ++p) {
        for (auto* dir : {&rx_, &tx_})
            dir->emplace_back(config.port.line_rate_gbps(), fec.n(), fec.codeword_bits(), fec.t(),
                              static_cast<int64_t>(config.fec_degrade_threshold), seed,
                              0x5000 + 2 * static_cast<uint64_t>(p) + (dir == &tx_));
    }
    plan(faults);
}

const PhyOperatingPoint& PhyLayer::op_at(int engine, TimePs t) const {
    const auto& segs = engines_[static_cast<size_t>(engine)];
    size_t i = 0;
    while (i + 1 < segs.size() && segs[i + 1].t <= t) ++i;
    return segs[i].op;
}

// The pre-FEC BER of a port at time t: a `ber` fault window overrides the engine's.
double PhyLayer::port_ber_at(int port, TimePs t, const std::vector<Fault>& faults) const {
    double ber = op_at(port / config_.ports_per_engine(), t).pre_fec_ber;
    for (const auto& f : faults)
        if (f.kind == FaultKind::ber && (f.port == -1 || f.port == port) && f.at <= t && t < f.until) ber = f.ber;
    return ber;
}

void PhyLayer::plan(const std::vector<Fault>& faults) {
    const int engines = config_.engines();
    const int ppe = config_.ports_per_engine();
    const int lanes_per_port = config_.port.lanes();
    // Engine timelines: temperature steps (with the first-order lag, sampled every tau/4 for
    // 5 tau) and laser failures.
    engines_.assign(static_cast<size_t>(engines), {});
    const int lasers_per_engine = LaserSource(config_.laser, config_.engine.lanes).lasers();
    for (int e = 0; e < engines; ++e) {
        std::map<TimePs, double> coolant_steps;  // time -> delta K (cumulative later)
        std::set<TimePs> laser_fail_times;
        for (const auto& f : faults) {
            if (f.kind == FaultKind::temp_step && f.engine == e) coolant_steps[f.at] += f.delta_k;
            if (f.kind == FaultKind::laser_fail && f.engine == e) laser_fail_times.insert(f.at);
        }
        std::set<TimePs> times{0};
        const double tau_ps = config_.thermal.tau_s * 1e12;
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
                if (f.kind == FaultKind::laser_fail && f.engine == e && f.at <= t) ++failed;
            PhyConfig c = config_;
            c.thermal.coolant_c += delta;
            engines_[static_cast<size_t>(e)].push_back(
                {t, c.operating_point(), 1.0 - static_cast<double>(failed) / lasers_per_engine});
        }
    }
    // Per port: the times its BER or its up/down state may change, in order.
    const Fec& fec = config_.port.fec();
    for (int p = 0; p < config_.ports; ++p) {
        const int e = p / ppe;
        std::map<TimePs, std::string> down_causes;  // when the port goes down, and why
        for (const auto& f : faults) {
            if (f.kind == FaultKind::lane_down && f.port == p) down_causes.emplace(f.at, f.text);
            if (f.kind == FaultKind::laser_fail && f.engine == e) {
                // Laser k feeds engine lanes [k L, (k+1) L); the port owns lanes
                // [(p mod ppe) lanes_per_port, ... + lanes_per_port).
                const int first = (p % ppe) * lanes_per_port, last = first + lanes_per_port - 1;
                const int l = config_.laser.lanes_per_laser;
                if (first / l <= f.laser && f.laser <= last / l) down_causes.emplace(f.at, f.text);
            }
        }
        std::set<TimePs> times{0};
        for (const auto& s : engines_[static_cast<size_t>(e)]) times.insert(s.t);
        for (const auto& f : faults)
            if (f.kind == FaultKind::ber && (f.port == -1 || f.port == p)) {
                times.insert(f.at);
                times.insert(f.until);
            }
        for (const auto& [t, why] : down_causes) times.insert(t);
        bool up = true;
        TimePs down_since = 0;
        for (TimePs t : times) {
            const double ber = port_ber_at(p, t, faults);
            bool now_up = ber < link_down_ber;
            std::string cause = now_up ? "" : "pre-FEC BER " + std::to_string(ber);
            for (const auto& [td, why] : down_causes)
                if (td <= t) {
                    now_up = false;
                    cause = why;
                }
            const double p_sym = fec.symbol_error_probability(ber);
            const double p_cw = CodewordSampler(fec, ber, config_.burst_length_bits).failure_probability();
            for (auto* dir : {&rx_, &tx_}) {
                (*dir)[static_cast<size_t>(p)].schedule_error_rates(t, p_sym, p_cw);
                if (now_up != up) (*dir)[static_cast<size_t>(p)].schedule_up(t, now_up);
            }
            if (now_up != up) {
                events_[static_cast<size_t>(p)].emplace_back(t, std::string(now_up ? "up" : "down") + (cause.empty() ? "" : ": " + cause));
                if (!now_up) down_since = t;
                else down_ps_[static_cast<size_t>(p)] += std::max<TimePs>(0, std::min(t, end_) - std::max(down_since, warmup_));
                up = now_up;
            }
        }
        if (!up) down_ps_[static_cast<size_t>(p)] += std::max<TimePs>(0, end_ - std::max(down_since, warmup_));
    }
}

void PhyLayer::finish() {
    for (auto& l : rx_) l.advance_to(end_);
    for (auto& l : tx_) l.advance_to(end_);
}

PhyPortReport PhyLayer::port_report(int port) const {
    PhyPortReport r;
    r.rx = rx_[static_cast<size_t>(port)].counters();
    r.tx = tx_[static_cast<size_t>(port)].counters();
    r.pre_fec_ber_estimate = config_.port.fec().estimate_ber(
        static_cast<uint64_t>(r.rx.corrected_symbols + r.tx.corrected_symbols),
        static_cast<uint64_t>(std::max<int64_t>(1, r.rx.codewords + r.tx.codewords)));
    r.down_ps = down_ps_[static_cast<size_t>(port)];
    r.events = events_[static_cast<size_t>(port)];
    return r;
}

PhyPower PhyLayer::mean_power() const {
    // Integrate each engine's piecewise-constant power over the window.
    PhyPower w;
    const double window = static_cast<double>(end_ - warmup_);
    const int ppe = config_.ports_per_engine();
    for (int e = 0; e < static_cast<int>(engines_.size()); ++e) {
        const int ports_here = std::min(ppe, config_.ports - e * ppe);
        const auto& segs = engines_[static_cast<size_t>(e)];
        for (size_t i = 0; i < segs.size(); ++i) {
            const TimePs from = std::max(segs[i].t, warmup_);
            const TimePs to = i + 1 < segs.size() ? std::min(segs[i + 1].t, end_) : end_;
            if (to <= from) continue;
            add_power(w, segs[i].op, segs[i].laser_fraction_working, config_.port.lanes(),
                      static_cast<double>(to - from) / window * ports_here);
        }
    }
    return w;
}

}  // namespace cposim

namespace cposim {

PhyPower PhyLayer::power_at(TimePs t) const {
    PhyPower w;
    const int ppe = config_.ports_per_engine();
    for (int e = 0; e < static_cast<int>(engines_.size()); ++e) {
        const int ports_here = std::min(ppe, config_.ports - e * ppe);
        const auto& segs = engines_[static_cast<size_t>(e)];
        size_t i = 0;
        while (i + 1 < segs.size() && segs[i + 1].t <= t) ++i;
        add_power(w, segs[i].op, segs[i].laser_fraction_working, config_.port.lanes(), ports_here);
    }
    return w;
}

}  // namespace cposim

namespace cposim {

bool PhyLayer::link_up_at(int port, TimePs t) const {
    bool up = true;
    for (const auto& [when, what] : events_[static_cast<size_t>(port)])
        if (when <= t) up = what.compare(0, 2, "up") == 0;
    return up;
}

}  // namespace cposim
