#include "window_loop.h"

#include <algorithm>

#include "model_clock.h"
#include "packet_extension.h"
#include "process_errors.h"
#include "units.h"

namespace cposim {

WindowLoop::WindowLoop(sc_core::sc_module_name name, std::vector<WindowedModel*> models, TimePs end)
    : sc_module(name), models_(std::move(models)), next_(models_.size(), 0), end_(end) {
    SC_METHOD(run_windows);  // first at time 0
}

void WindowLoop::run_windows() {
    run_guarded([this] {
        model_clock::RunAhead ahead(end_);
        TimePs next;
        for (TimePs now = ahead.base();; now = next) {
            ++windows_;
            ahead.move_to(now);
            next = INT64_MAX;
            for (size_t m = 0; m < models_.size(); ++m) {
                if (next_[m] == now) next_[m] = models_[m]->run_window(now);
                next = std::min(next, next_[m]);
            }
            if (!ahead.may_run(next)) break;
        }
        if (next != INT64_MAX) next_trigger(ps_to_sc(next - ahead.base()));
    });
}

void WindowLoop::write_stats(Report& report) const { report.add("sim.events", windows_); }

}  // namespace cposim
