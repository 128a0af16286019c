#include "dcqcn.h"

#include <algorithm>
#include <cmath>

namespace cposim {

void DcqcnConfig::declare_parameters(ParameterRegistry& r) {
    // The algorithm is Zhu et al.'s (SIGCOMM 2015, docs/references.md "Fabrics and
    // collectives"); its constants here are assumed, of the order that paper uses.
    r.add_boolean("dcqcn.enabled", false,
                  "fabric runs: DCQCN rate control at the GPUs' NICs: ECN-marked frames make the receiver send "
                  "CNPs, which cut the sender's rate (needs ecn.enabled at the switches)");
    r.add_real("dcqcn.g", Dimension::none, "", 1.0 / 256, 1e-6, 1, "alpha's gain g (assumed 1/256)");
    r.add_real("dcqcn.alpha_timer", Dimension::time, "us", 55, 0.1, 1e6,
               "K: alpha decays by (1 - g) every K without a CNP (assumed 55 us)");
    r.add_real("dcqcn.increase_timer", Dimension::time, "us", 55, 0.1, 1e6,
               "T: a rate increase event every T (assumed 55 us)");
    r.add_real("dcqcn.byte_counter", Dimension::data_size, "B", 10e6, 1e3, 1e12,
               "B: a rate increase event every B bytes sent (assumed 10 MB)");
    r.add_integer("dcqcn.fast_recovery_steps", 5, 1, 100, "F: increase events of fast recovery (assumed 5)");
    r.add_real("dcqcn.rate_ai", Dimension::data_rate, "Gb/s", 0.04, 0, 1000, "additive increase step (assumed 40 Mb/s)");
    r.add_real("dcqcn.rate_hai", Dimension::data_rate, "Gb/s", 0.4, 0, 1000, "hyper increase step (assumed 400 Mb/s)");
    r.add_real("dcqcn.min_rate", Dimension::data_rate, "Gb/s", 0.1, 0.001, 1000, "lowest rate a cut leaves (assumed 100 Mb/s)");
    r.add_real("dcqcn.cnp_interval", Dimension::time, "us", 50, 0, 1e6,
               "a receiver sends at most one CNP per queue pair this often (assumed 50 us)");
}

DcqcnConfig DcqcnConfig::from(const ParameterSet& p) {
    DcqcnConfig c;
    c.enabled = p.boolean("dcqcn.enabled");
    c.g = p.real("dcqcn.g");
    c.alpha_timer_ps = static_cast<TimePs>(std::llround(p.real("dcqcn.alpha_timer") * 1e6));
    c.increase_timer_ps = static_cast<TimePs>(std::llround(p.real("dcqcn.increase_timer") * 1e6));
    c.byte_counter = p.real("dcqcn.byte_counter");
    c.fast_recovery_steps = static_cast<int>(p.integer("dcqcn.fast_recovery_steps"));
    c.rate_ai_gbps = p.real("dcqcn.rate_ai");
    c.rate_hai_gbps = p.real("dcqcn.rate_hai");
    c.min_rate_gbps = p.real("dcqcn.min_rate");
    c.cnp_interval_ps = static_cast<TimePs>(std::llround(p.real("dcqcn.cnp_interval") * 1e6));
    return c;
}

void DcqcnRate::on_cnp(TimePs t) {
    advance_to(t);
    target_ = current_;
    current_ = std::max(c_->min_rate_gbps, current_ * (1 - alpha_ / 2));
    alpha_ = (1 - c_->g) * alpha_ + c_->g;
    limited_ = true;
    alpha_from_ = timer_from_ = t;
    timer_count_ = byte_count_ = 0;
    bytes_ = 0;
}

void DcqcnRate::on_sent(TimePs t, double bytes) {
    if (!limited_) return;
    advance_to(t);
    bytes_ += bytes;
    while (limited_ && bytes_ >= c_->byte_counter) {
        bytes_ -= c_->byte_counter;
        ++byte_count_;
        increase();
    }
}

void DcqcnRate::advance_to(TimePs t) {
    if (t - alpha_from_ >= c_->alpha_timer_ps) {  // alpha decays once per K without a CNP
        const int64_t periods = (t - alpha_from_) / c_->alpha_timer_ps;
        alpha_ *= std::pow(1 - c_->g, static_cast<double>(periods));
        alpha_from_ += periods * c_->alpha_timer_ps;
    }
    while (limited_ && t - timer_from_ >= c_->increase_timer_ps) {
        timer_from_ += c_->increase_timer_ps;
        ++timer_count_;
        increase();
    }
}

void DcqcnRate::increase() {
    const int F = c_->fast_recovery_steps;
    if (std::min(timer_count_, byte_count_) > F)  // hyper increase
        target_ += c_->rate_hai_gbps * (std::min(timer_count_, byte_count_) - F);
    else if (std::max(timer_count_, byte_count_) >= F)  // additive increase
        target_ += c_->rate_ai_gbps;
    target_ = std::min(target_, line_);
    current_ = std::min(line_, (target_ + current_) / 2);
    if (current_ >= line_ * (1 - 1e-9)) {  // back at line rate: nothing left to recover
        current_ = target_ = line_;
        limited_ = false;
    }
}

}  // namespace cposim
