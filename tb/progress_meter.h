// Shows the progress of a long run on a terminal: simulated time, simulation rate and the
// estimated time left, refreshed about once a second of wall time. Silent when standard
// error is not a terminal (CI, pipes, sweeps) and for runs shorter than a second.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <systemc>
#include <unistd.h>

namespace cposim {

class ProgressMeter : public sc_core::sc_module {
public:
    ProgressMeter(sc_core::sc_module_name name, sc_core::sc_time end)
        : sc_module(name), end_(end), step_(std::min(end / 200, sc_core::sc_time(10, sc_core::SC_US))),
          start_(std::chrono::steady_clock::now()) {
        // it looks at the wall clock every 10 us simulated (or 0.5% of a shorter run): a long
        // run's first line comes after a second, not after 0.5% of the run
        if (::isatty(STDERR_FILENO)) SC_THREAD(run);
    }
    ~ProgressMeter() override {
        if (shown_) std::fprintf(stderr, "\r%72s\r", "");
    }

private:
    SC_HAS_PROCESS(ProgressMeter);
    void run() {
        double last_shown = 0;
        while (sc_core::sc_time_stamp() + step_ < end_) {
            wait(step_);
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
            if (wall < 1.0 || wall - last_shown < 1.0) continue;
            last_shown = wall;
            const double done = sc_core::sc_time_stamp() / end_;
            const double sim_us = sc_core::sc_time_stamp().to_seconds() * 1e6;
            std::fprintf(stderr, "\r  simulated %.1f of %.1f us (%.0f%%), %.2f us/s, ETA %.0f s   ", sim_us,
                         end_.to_seconds() * 1e6, done * 100, sim_us / wall, wall / done * (1 - done));
            std::fflush(stderr);
            shown_ = true;
        }
    }
    sc_core::sc_time end_, step_;
    std::chrono::steady_clock::time_point start_;
    bool shown_ = false;
};

}  // namespace cposim
