// Energy accounting for one component: static power integrated over time plus dynamic
// energy per event or per bit. energy_j(t) reads the energy spent up to time t at any
// moment; mean_power_w() is the average over the measurement window.
#pragma once

#include <string>

#include "packet.h"

namespace cposim {

class EnergyMeter {
public:
    EnergyMeter(double static_w, TimePs window_start) : static_w_(static_w), window_start_(window_start) {}

    // Dynamic energy spent by an event at time t.
    void add_dynamic_j(TimePs t, double joules) {
        dynamic_j_ += joules;
        if (t >= window_start_) window_dynamic_j_ += joules;
    }
    // Energy from time 0 to t, counting the dynamic energy recorded so far.
    double energy_j(TimePs t) const { return static_w_ * static_cast<double>(t) * 1e-12 + dynamic_j_; }
    // Average power over [window_start, window_end).
    double mean_power_w(TimePs window_end) const {
        const double window_s = static_cast<double>(window_end - window_start_) * 1e-12;
        return static_w_ + (window_s > 0 ? window_dynamic_j_ / window_s : 0.0);
    }
    double static_w() const { return static_w_; }

private:
    double static_w_;
    TimePs window_start_;
    double dynamic_j_ = 0;
    double window_dynamic_j_ = 0;
};

}  // namespace cposim
