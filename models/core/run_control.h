// Stopping a run early and cleanly (Ctrl-C on `cposim run`): the signal only raises a flag;
// the model whose events order simulated time (the switch) sees it at its next quantum,
// records that the run ends there (the stop time) and stops the simulation after that
// quantum. Every model then takes effective_end(its planned end) as the end of its
// measurement window, so the report is a complete report of a shorter run, marked
// "complete": false. A second SIGINT ends the process at once (the default action). A
// stop asked for during the warm-up waits for its end: a run needs a measurement window.
#pragma once

#include <algorithm>
#include <csignal>
#include <cstdint>

#include "packet.h"

namespace cposim::run_control {

// SIGINT raises the flag; the handler then steps aside, so a second one kills. SIGTERM (a
// batch system's cancel) keeps its default: a cancelled job leaves no report.
void stop_on_interrupt();
bool stop_requested();
// The run ends at t (the end of the quantum being processed); INT64_MAX until then.
void mark_stopped(TimePs t);
TimePs stop_time();

// Ends the SystemC simulation, quietly, once (whichever model ends the run first: a
// fabric's switches all reach its end).
void stop_simulation();

// The end of a model's measurement window: its planned end, or where the run stopped.
inline TimePs effective_end(TimePs planned) { return std::min(planned, stop_time()); }

}  // namespace cposim::run_control
