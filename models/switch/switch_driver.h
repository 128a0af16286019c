// One SystemC process that runs all of a fabric's switches (SwitchConfig::in_fabric) and its
// hosts: each switch's next window when it is due, in time order (equal times: switch
// order, then the hosts, whose windows rely on their switches' of the instant); a frame or
// a pause that arrives for a sleeping switch makes it due at the window that holds the new
// event if that is sooner than it sleeps to (always later than now). A process per switch
// cost a SystemC thread switch, a timed notification and its allocation per window: with
// PFC a fabric's switches run windows of a pause's trip (tens of ns), and that was a fifth
// of the run (docs/fabric.md, section 7). Results are those of a process per switch: a
// fabric switch's window takes nothing from what its neighbours do at the same instant.
//
// Busy switches mostly share their due times (their windows are the same length), so the
// switches due wait in one bucket per time and a heap orders the times, not the switches:
// a window costs a push to a vector, not a heap's reordering of every switch (docs/fabric.md,
// section 12).
#pragma once

#include <cstdint>
#include <queue>
#include <utility>
#include <vector>

#include <systemc>

#include "switch_asic.h"
#include "windowed_model.h"

namespace cposim {

class SwitchDriver : public sc_core::sc_module {
public:
    // `end`: where the simulation stops (sc_start's time).
    SwitchDriver(sc_core::sc_module_name name, std::vector<SwitchAsic*> switches, WindowedModel& hosts, TimePs end);

private:
    SC_HAS_PROCESS(SwitchDriver);
    // A method process (no stack switch per activation): the switches due now run, and those
    // due next while no other process has anything pending (models/core/model_clock.h); then
    // it asks to be called at the next time due, or at the time a sleeping switch is woken for.
    void run();
    void run_due(TimePs now);  // every switch (and the hosts) due by `now`, in time order
    void wake(size_t s, TimePs at);  // switch s is asleep and something arrived: it runs at `at` if that is sooner
    void make_due(size_t s, TimePs at);  // switch s runs next at `at`
    using Time = std::pair<TimePs, size_t>;  // a time and its bucket
    bool all_stale(const Time& time) const;  // every switch in the bucket is due at another time
    void release_earliest();                 // the earliest time is done: its bucket is free

    std::vector<SwitchAsic*> switches_;
    WindowedModel& hosts_;  // due as model number switches_.size(): last at an instant
    std::vector<TimePs> due_;  // per switch, then the hosts: when it runs next (INT64_MAX: its run is over)
    std::vector<bool> started_;  // per switch: it has run a window (a member: a process stopped
                                 // in a wait never unwinds its stack)
    // The switches due at a time, put in switch order when their time runs (entries whose
    // switch was since woken earlier are stale: due_ says when it runs); buckets are reused.
    std::vector<std::vector<size_t>> buckets_;
    std::vector<size_t> free_buckets_;
    std::vector<Time> open_;  // the times that have a bucket, and it, in the order they opened
    TimePs last_at_ = -1;     // the time a switch last became due at...
    size_t last_bucket_ = 0;  // ...and its bucket (most are due together)
    std::priority_queue<Time, std::vector<Time>, std::greater<Time>> times_;
    sc_core::sc_event woken_;  // a switch was woken from outside this process
    bool running_ = false;     // inside run(): a wake needs no notification
    size_t running_count_ = 0;  // switches whose run is not over
    TimePs end_;
};

}  // namespace cposim
