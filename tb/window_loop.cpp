#include "window_loop.h"

#include <algorithm>

#include "packet_extension.h"
#include "process_errors.h"
#include "units.h"

namespace cposim {

WindowLoop::WindowLoop(sc_core::sc_module_name name, std::vector<WindowedModel*> models)
    : sc_module(name), models_(std::move(models)), next_(models_.size(), 0) {
    SC_METHOD(run_windows);  // first at time 0
}

void WindowLoop::run_windows() {
    run_guarded([this] {
        ++activations_;
        const TimePs now = sc_to_ps(sc_core::sc_time_stamp());
        TimePs next = INT64_MAX;
        for (size_t m = 0; m < models_.size(); ++m) {
            if (next_[m] == now) next_[m] = models_[m]->run_window(now);
            next = std::min(next, next_[m]);
        }
        if (next != INT64_MAX) next_trigger(ps_to_sc(next - now));
    });
}

void WindowLoop::write_stats(Report& report) const { report.add("sim.events", activations_); }

}  // namespace cposim
