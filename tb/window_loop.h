// One SystemC process that runs a single switch's scenario: at each window's start the link
// partners commit the frames that start inside it, then the switch runs to its end (in that
// order, as docs/architecture.md "Time" describes). A process per model cost the kernel three
// activations per window (the partners', the switch's and the switch's delta cycle letting
// the partners go first); with PFC, windows shrink to a pause's trip (16.5 ns on 2 m links)
// and those activations were a sixth of an incast's run time. It runs window after window
// in one activation while no other process has anything pending (models/core/model_clock.h).
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "report.h"
#include "windowed_model.h"

namespace cposim {

class WindowLoop : public sc_core::sc_module, public StatsProvider {
public:
    // Models in the order they run within a window; `end`: where the simulation stops (sc_start's time).
    WindowLoop(sc_core::sc_module_name name, std::vector<WindowedModel*> models, TimePs end);
    // Its share of sim.events: one per window run (as one kernel activation per window counted).
    void write_stats(Report& report) const override;

private:
    SC_HAS_PROCESS(WindowLoop);
    // A method process, not a thread: the kernel calls it with no switch of stacks (none of
    // the models waits).
    void run_windows();

    std::vector<WindowedModel*> models_;
    std::vector<TimePs> next_;  // per model: when it runs next (INT64_MAX: its run is over)
    TimePs end_;
    int64_t windows_ = 0;
};

}  // namespace cposim
