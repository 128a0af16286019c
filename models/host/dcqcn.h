// DCQCN's reaction point: the sending rate of one queue pair (Zhu et al., "Congestion Control
// for Large-Scale RDMA Deployments", SIGCOMM 2015). Plain C++, driven by its NIC.
//
//   A congestion notification (CNP) from the receiver: target = current; current x (1 - a/2);
//   a = (1 - g) a + g; the increase counters restart.
//   Every alpha_timer without a CNP: a = (1 - g) a.
//   An increase event each increase_timer and each byte_counter bytes sent: while both
//   counters are below F (fast recovery) current = (target + current) / 2; once one of them
//   reaches F (additive increase) target += rate_ai first; once both exceed F (hyper
//   increase) target += rate_hai x (the smaller counter - F) first. Rates stay within
//   [min_rate, line rate].
//
// Timers run lazily: advance_to(t) applies the periods that have passed.
#pragma once

#include <cstdint>

#include "packet.h"
#include "parameters.h"

namespace cposim {

struct DcqcnConfig {
    bool enabled = false;
    double g = 0;                  ///< alpha's gain
    TimePs alpha_timer_ps = 0;     ///< K
    TimePs increase_timer_ps = 0;  ///< T
    double byte_counter = 0;       ///< B, bytes
    int fast_recovery_steps = 0;   ///< F
    double rate_ai_gbps = 0, rate_hai_gbps = 0, min_rate_gbps = 0;
    TimePs cnp_interval_ps = 0;    ///< a receiver sends at most one CNP per queue pair this often

    static void declare_parameters(ParameterRegistry& r);
    static DcqcnConfig from(const ParameterSet& p);
};

class DcqcnRate {
public:
    DcqcnRate() = default;
    DcqcnRate(const DcqcnConfig& config, double line_gbps)
        : c_(&config), line_(line_gbps), current_(line_gbps), target_(line_gbps) {}

    double rate_gbps() const { return current_; }
    double target_gbps() const { return target_; }
    double alpha() const { return alpha_; }
    void on_cnp(TimePs t);
    void on_sent(TimePs t, double bytes);  // the byte counter
    void advance_to(TimePs t);             // alpha decay and timer increases up to t

private:
    void increase();

    const DcqcnConfig* c_ = nullptr;
    double line_ = 0, current_ = 0, target_ = 0;
    double alpha_ = 1;             // DCQCN starts with a = 1: the first CNP halves the rate
    bool limited_ = false;         // a CNP has cut the rate: the increase timers run
    TimePs alpha_from_ = 0, timer_from_ = 0;
    int timer_count_ = 0, byte_count_ = 0;
    double bytes_ = 0;
};

}  // namespace cposim
