// One SystemC process that runs all of a fabric's switches (SwitchConfig::in_fabric): each
// switch's next window when it is due, in time order (equal times: switch order), and a
// sleeping switch at once when a frame or a pause arrives for it. A process per switch
// cost a SystemC thread switch, a timed notification and its allocation per window: with
// PFC a fabric's switches run windows of a pause's trip (tens of ns), and that was a fifth
// of the run (docs/fabric.md, section 7). Results are those of a process per switch: a
// fabric switch's window takes nothing from what its neighbours do at the same instant.
#pragma once

#include <cstdint>
#include <queue>
#include <utility>
#include <vector>

#include <systemc>

#include "switch_asic.h"

namespace cposim {

class SwitchDriver : public sc_core::sc_module {
public:
    SwitchDriver(sc_core::sc_module_name name, std::vector<SwitchAsic*> switches);

private:
    SC_HAS_PROCESS(SwitchDriver);
    void run();
    void wake(size_t s);  // switch s was asleep and something arrived: it runs now

    std::vector<SwitchAsic*> switches_;
    std::vector<TimePs> due_;  // per switch: when it runs next (INT64_MAX: its run is over)
    std::vector<bool> started_;  // per switch: it has run a window (a member: a process stopped
                                 // in a wait never unwinds its stack)
    using Due = std::pair<TimePs, size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> queue_;  // may hold stale entries
    sc_core::sc_event woken_;  // a switch was woken from outside this process
    bool running_ = false;     // inside run()'s loop: a wake needs no notification
};

}  // namespace cposim
