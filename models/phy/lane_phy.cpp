#include "lane_phy.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "codeword_sampler.h"
#include "errors.h"
#include "run_control.h"
#include "units.h"

namespace cposim {

namespace {
constexpr double link_down_ber = 1e-2;  // assumed: beyond this the PCS loses block lock

LinkErrorProcess make_process(const PhyConfig& c, uint64_t seed, uint64_t stream) {
    const Fec& fec = c.port.fec();
    return LinkErrorProcess(c.port.line_rate_gbps(), fec.n(), fec.codeword_bits(), fec.t(),
                            static_cast<int64_t>(c.fec_degrade_threshold), seed, stream);
}
}  // namespace

LanePhy::LanePhy(const PhyContext& c)
    : PortPhy(c.name.c_str(), c.port), config_(c.config), engine_(c.engine), windows_(c.windows), warmup_(c.warmup),
      end_(c.end), fec_latency_(ps_to_sc(static_cast<TimePs>(std::llround(c.config.fec_latency_ns * 1e3)))),
      retimer_latency_(ps_to_sc(static_cast<TimePs>(std::llround(2 * c.config.retimer_latency_ns * 1e3)))),
      corrupt_reason_(c.config.port.fec().kind() == FecKind::none ? DropReason::fcs_error : DropReason::fec_uncorrectable),
      // Streams 0x5000 + 2 port (+1 transmit): each direction of each port draws its own numbers.
      rx_(make_process(c.config, c.seed, 0x5000 + 2 * static_cast<uint64_t>(c.port))),
      tx_(make_process(c.config, c.seed, 0x5000 + 2 * static_cast<uint64_t>(c.port) + 1)) {
    plan(c.faults);
}

// Per port: the times its BER or its up/down state may change, in order.
void LanePhy::plan(const std::vector<Fault>& faults) {
    const int ppe = config_.ports_per_engine();
    const int lanes_per_port = config_.port.lanes();
    const int e = engine_.index();
    const int p = port();
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
    for (const auto& s : engine_.timeline()) times.insert(s.t);
    for (const auto& f : faults)
        if (f.kind == FaultKind::ber && (f.port == -1 || f.port == p)) {
            times.insert(f.at);
            times.insert(f.until);
        }
    for (const auto& [t, why] : down_causes) times.insert(t);
    // An assembled package's lanes (assembly.package): each lane's BER from the engine's
    // margin less its extra coupling loss, the port's from its lanes'.
    auto assembled_ber = [&](const PhyOperatingPoint& op, const std::vector<double>& extra_db) {
        std::vector<double> lanes;
        for (double x : extra_db) lanes.push_back(engine_.config().computed_ber(op.budget.margin_db() - x));
        return config_.port.port_ber(lanes);
    };
    // The pre-FEC BER at time t, receive and transmit: a `ber` fault window overrides the engine's.
    auto ber_at = [&](TimePs t) {
        // The port's own forced BER (phy.ber, possibly set for this PHY alone), else the
        // engine's link budget (with the assembled package's lanes, if any); nothing gets
        // through an unlocked ring.
        const PhyOperatingPoint& op = engine_.op_at(t);
        double rx = !op.rings_locked ? 0.5 : config_.forced_ber ? *config_.forced_ber : op.link_ber, tx = rx;
        if (op.rings_locked && !config_.forced_ber && !config_.lane_extra_loss_rx_db.empty()) {
            rx = assembled_ber(op, config_.lane_extra_loss_rx_db);
            tx = assembled_ber(op, config_.lane_extra_loss_tx_db);
        }
        for (const auto& f : faults)
            if (f.kind == FaultKind::ber && (f.port == -1 || f.port == p) && f.at <= t && t < f.until) rx = tx = f.ber;
        return std::make_pair(rx, tx);
    };
    const Fec& fec = config_.port.fec();
    bool up = true;
    for (TimePs t : times) {
        const auto [ber_rx, ber_tx] = ber_at(t);
        const double ber = std::max(ber_rx, ber_tx);  // the link is one state for both directions
        bool now_up = ber < link_down_ber;
        std::string cause = now_up ? "" : "pre-FEC BER " + std::to_string(ber);
        for (const auto& [td, why] : down_causes)
            if (td <= t) {
                now_up = false;
                cause = why;
            }
        if (engine_.off_at(t) && !engine_.alarms().empty()) {  // its engine shut down over its limit
            const auto& a = engine_.alarms().front();
            now_up = false;
            cause = "thermal shutdown: engine " + std::to_string(e) + " at " + format_number(a.temperature_c) +
                    " C above its " + format_number(a.limit_c) + " C limit";
        }
        for (auto [dir, b] : {std::make_pair(&rx_, ber_rx), std::make_pair(&tx_, ber_tx)}) {
            const double p_sym = fec.symbol_error_probability(b);
            const double p_cw = CodewordSampler::failure_probability(fec, b, config_.burst_length_bits);
            dir->schedule_error_rates(t, p_sym, p_cw);
            if (now_up != up) dir->schedule_up(t, now_up);
        }
        if (now_up != up) {
            events_.emplace_back(t, std::string(now_up ? "up" : "down") + (cause.empty() ? "" : ": " + cause));
            up = now_up;
        }
    }
}

void LanePhy::start_of_simulation() {
    for (const auto& [t, what] : events_) link_status->link_changed(port(), t, what.compare(0, 2, "up") == 0);
}

void LanePhy::add_hot_lines(WarmPath& path, bool receiving) const {
    path.add(this, sizeof(void*));  // its virtual transport's vtable pointer
    path.add(&fec_latency_, 2 * sizeof(sc_core::sc_time));
    path.add(receiving ? &rx_ : &tx_, 40);  // the fields it reads for every train come first
    if (!receiving) path.add(&vcd_, sizeof vcd_);
}

void LanePhy::rx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* head = train_of(gp, *this);
    const TimePs shift = train_shift(*head, delay);
    const Packet* last = last_packet_of(gp);
    if (rx_.quiet_through(last->t_sent + shift + last->wire_ps)) {  // nearly always: nothing to check
        for (Packet* p = head; p; p = p->next) p->t_ingress_first_bit = p->t_sent + shift;
    } else {
        for (Packet* p = head; p; p = p->next) {
            const TimePs first_bit = p->t_sent + shift;
            p->t_ingress_first_bit = first_bit;
            const Fate f = fate(rx_, first_bit, first_bit + p->wire_ps);
            if (f != Fate::delivered) {  // dropped when it would have been admitted
                p->drop_pending = true;
                p->drop_reason = static_cast<uint8_t>(f == Fate::link_down ? DropReason::link_down : corrupt_reason_);
            }
        }
    }
    // A frame crosses a module's DSP retimer on its way in and another on its way out: both
    // added here, as the FEC's encode and decode are, so the switch sees them in the latency.
    delay += fec_latency_ + retimer_latency_;
    rx_next_->b_transport(gp, delay);
}

void LanePhy::tx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* head = train_of(gp, *this);
    const TimePs shift = train_shift(*head, delay);
    const Packet* last = last_packet_of(gp);
    if (vcd_ || !tx_.quiet_through(last->t_sent + shift + last->wire_ps)) {
        for (Packet* p = head; p; p = p->next) {
            const TimePs first_bit = p->t_sent + shift;
            if (vcd_) sample_uncorrectable_before(first_bit + 1);
            const Fate f = fate(tx_, first_bit, first_bit + p->wire_ps);
            if (f != Fate::delivered) {  // sent anyway; the partner's receiver drops it
                p->bad_crc = true;
                p->drop_reason = static_cast<uint8_t>(f == Fate::link_down ? DropReason::link_down : corrupt_reason_);
            }
        }
        // The train holds every frame the switch starts before the horizon it has run to:
        // the sample points before it see the count as it now stands.
        if (vcd_) sample_uncorrectable_before(windows_.switch_horizon());
    }
    tx_next_->b_transport(gp, delay);
}

// A sample point counts the frames that started before it, as the switch's own samples do.
void LanePhy::sample_uncorrectable_before(TimePs t) {
    for (; next_sample_ < t; next_sample_ += sample_interval_)
        vcd_->change(vcd_uncorrectable_, next_sample_, static_cast<uint64_t>(tx_.counters().uncorrectable));
}

void LanePhy::finish() {
    const TimePs end = run_control::effective_end(end_);
    rx_.advance_to(end);
    tx_.advance_to(end);
}

TimePs LanePhy::down_in_window() const {
    const TimePs end = run_control::effective_end(end_);  // a run stopped early ends sooner
    TimePs down = 0, down_since = 0;
    bool up = true;
    for (const auto& [t, what] : events_) {
        const bool now_up = what.compare(0, 2, "up") == 0;
        if (!now_up) down_since = t;
        else down += std::max<TimePs>(0, std::min(t, end) - std::max(down_since, warmup_));
        up = now_up;
    }
    if (!up) down += std::max<TimePs>(0, end - std::max(down_since, warmup_));
    return down;
}

PhyPortReport LanePhy::report() const {
    PhyPortReport r;
    r.rx = rx_.counters();
    r.tx = tx_.counters();
    r.pre_fec_ber_estimate = config_.port.fec().estimate_ber(
        static_cast<uint64_t>(r.rx.corrected_symbols + r.tx.corrected_symbols),
        static_cast<uint64_t>(std::max<int64_t>(1, r.rx.codewords + r.tx.codewords)));
    r.down_ps = down_in_window();
    r.events = events_;
    return r;
}

bool LanePhy::link_up_at(TimePs t) const {
    bool up = true;
    for (const auto& [when, what] : events_)
        if (when <= t) up = what.compare(0, 2, "up") == 0;
    return up;
}

void LanePhy::trace_waves(VcdWriter& vcd, TimeSeries& samples) {
    const std::string scope = "phy.port" + std::to_string(port());
    const int link_up = vcd.add_variable(scope, "link_up", 1);
    vcd_uncorrectable_ = vcd.add_variable(scope, "fec_uncorrectable_tx", 32);
    vcd_ = &vcd;
    sample_interval_ = samples.interval();
    next_sample_ = sample_interval_;
    samples.add_sampler([this, &vcd, link_up](TimePs t, TimeSeries::Row&) { vcd.change(link_up, t, link_up_at(t)); });
}

}  // namespace cposim
