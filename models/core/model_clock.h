// Simulated "now" for a model called by another (a receiver's b_transport): SystemC's time
// plus how far ahead of it the calling process has run. A process that drives windowed
// models (tb/window_loop.h, the fabric's SwitchDriver) runs their windows back to back
// within one kernel activation while no other process has anything pending: an activation
// per window cost an incast, whose windows average ~220 ns, 3% of its instructions and 2
// mispredicted branches a packet. The annotated delays those models send are relative to
// the window they run, so a receiver adds them to now_ps(), not to sc_time_stamp().
#pragma once

#include <cstdint>

#include <systemc>

#include "packet.h"

namespace cposim::model_clock {

inline TimePs lead_ps = 0;  // set by a RunAhead while its process runs ahead; 0 outside it

inline TimePs now_ps() { return static_cast<TimePs>(sc_core::sc_time_stamp().value()) + lead_ps; }

// One activation's run ahead of SystemC's time, from the time it was called at.
class RunAhead {
public:
    // `end`: where sc_start() stops (the kernel runs nothing at that instant).
    explicit RunAhead(TimePs end) : base_(static_cast<TimePs>(sc_core::sc_time_stamp().value())) {
        const uint64_t pending = sc_core::sc_time_to_pending_activity().value();  // none: the largest time
        horizon_ = pending >= static_cast<uint64_t>(end - base_) ? end : base_ + static_cast<TimePs>(pending);
    }
    ~RunAhead() { lead_ps = 0; }  // however the activation ends, the models' time is SystemC's again
    RunAhead(const RunAhead&) = delete;
    RunAhead& operator=(const RunAhead&) = delete;

    TimePs base() const { return base_; }
    // The models run at `now` next.
    void move_to(TimePs now) { lead_ps = now - base_; }
    // Whether the activation may go on to `next`: before anything another process has
    // pending and the end, and the simulation not stopped (sc_stop() in a model).
    bool may_run(TimePs next) const {
        return next < horizon_ && sc_core::sc_get_curr_simcontext()->sim_status() == sc_core::SC_SIM_OK;
    }

private:
    TimePs base_, horizon_;
};

}  // namespace cposim::model_clock
