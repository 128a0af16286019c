#include "run_control.h"

#include <atomic>

#include <systemc>

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

void stop_simulation() {
    static bool stopped = false;  // one simulation per process
    if (stopped) return;
    stopped = true;
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sc_core::sc_stop();
}

}  // namespace cposim::run_control
