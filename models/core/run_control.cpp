#include "run_control.h"

#include <atomic>

namespace cposim::run_control {

namespace {
volatile std::sig_atomic_t interrupted = 0;
std::atomic<TimePs> stopped_at{INT64_MAX};

extern "C" void on_interrupt(int signal) {
    interrupted = 1;
    std::signal(signal, SIG_DFL);  // the next one takes the default action: the process ends
}
}  // namespace

void stop_on_interrupt() { std::signal(SIGINT, on_interrupt); }

bool stop_requested() { return interrupted != 0; }

void mark_stopped(TimePs t) { stopped_at = t; }

TimePs stop_time() { return stopped_at.load(std::memory_order_relaxed); }

}  // namespace cposim::run_control
