#include "switch_driver.h"

#include "process_errors.h"
#include "units.h"

namespace cposim {

SwitchDriver::SwitchDriver(sc_core::sc_module_name name, std::vector<SwitchAsic*> switches)
    : sc_module(name), switches_(std::move(switches)), due_(switches_.size(), 0), started_(switches_.size(), false) {
    for (size_t s = 0; s < switches_.size(); ++s) {
        switches_[s]->set_waker([this, s] { wake(s); });
        queue_.push({0, s});
    }
    SC_THREAD(run);
}

void SwitchDriver::wake(size_t s) {
    const TimePs now = sc_to_ps(sc_core::sc_time_stamp());
    if (due_[s] == now) return;  // it was to wake now anyway
    due_[s] = now;  // its timed entry goes stale
    queue_.push({now, s});
    if (!running_) woken_.notify(sc_core::SC_ZERO_TIME);
}

void SwitchDriver::run() {
    run_guarded([this] {
        size_t running = switches_.size();
        while (running > 0) {
            const TimePs now = sc_to_ps(sc_core::sc_time_stamp());
            running_ = true;
            while (!queue_.empty() && queue_.top().first <= now) {
                const auto [at, s] = queue_.top();
                queue_.pop();
                if (at != due_[s]) continue;  // woken before this entry's time
                SwitchAsic& sw = *switches_[s];
                if (started_[s]) sw.count_activation();  // as a process per switch counted its waits
                started_[s] = true;
                const TimePs next = sw.run_window(now);
                due_[s] = next;
                if (next == INT64_MAX) {
                    --running;
                    continue;
                }
                queue_.push({next, s});
            }
            running_ = false;
            if (running == 0) break;
            while (queue_.top().first != due_[queue_.top().second]) queue_.pop();  // stale
            wait(ps_to_sc(queue_.top().first - now), woken_);
        }
    });
}

}  // namespace cposim
