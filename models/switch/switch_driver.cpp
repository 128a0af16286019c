#include "switch_driver.h"

#include <algorithm>
#include <string>

#include "errors.h"
#include "model_clock.h"
#include "process_errors.h"
#include "units.h"

namespace cposim {

SwitchDriver::SwitchDriver(sc_core::sc_module_name name, std::vector<SwitchAsic*> switches, WindowedModel& hosts,
                           TimePs end)
    : sc_module(name), switches_(std::move(switches)), hosts_(hosts), due_(switches_.size() + 1, 0),
      started_(switches_.size(), false), end_(end) {
    for (size_t s = 0; s < switches_.size(); ++s) {
        switches_[s]->set_waker([this, s](TimePs at) { wake(s, at); });
        make_due(s, 0);
    }
    make_due(switches_.size(), 0);
    running_count_ = switches_.size() + 1;
    SC_METHOD(run);  // first at time 0
}

void SwitchDriver::make_due(size_t s, TimePs at) {
    due_[s] = at;
    if (at != last_at_) {
        // Few times are open at once (about 10 in a k = 8 fat-tree with PFC), in the order
        // they opened: a scan from the latest finds the next windows' at once.
        auto open = std::find_if(open_.rbegin(), open_.rend(), [at](const Time& t) { return t.first == at; });
        if (open == open_.rend()) {
            size_t b = buckets_.size();
            if (free_buckets_.empty()) {
                buckets_.emplace_back();
            } else {
                b = free_buckets_.back();
                free_buckets_.pop_back();
            }
            open_.push_back({at, b});
            open = open_.rbegin();
            times_.push(*open);
        }
        last_at_ = at;
        last_bucket_ = open->second;
    }
    buckets_[last_bucket_].push_back(s);  // (never the bucket running: every time due is later)
}

bool SwitchDriver::all_stale(const Time& time) const {
    for (size_t s : buckets_[time.second])
        if (due_[s] == time.first) return false;
    return true;
}

void SwitchDriver::release_earliest() {
    const auto [at, b] = times_.top();
    times_.pop();
    const auto open = std::find_if(open_.begin(), open_.end(), [at = at](const Time& t) { return t.first == at; });
    open_.erase(open);
    buckets_[b].clear();
    free_buckets_.push_back(b);
    if (last_at_ == at) last_at_ = -1;
}

void SwitchDriver::wake(size_t s, TimePs at) {
    const TimePs now = model_clock::now_ps();
    if (at <= now)  // what arrives takes effect a window or more after it is sent
        throw ModelInconsistency(std::string(name()) + ": switch " + std::to_string(s) + " woken for a window at " +
                                 std::to_string(at) + " ps, not after now (" + std::to_string(now) +
                                 " ps): an arrival inside the window it arrived in");
    if (due_[s] <= at) return;  // it was to wake by then anyway
    make_due(s, at);            // its later entry goes stale
    if (!running_) woken_.notify(ps_to_sc(at - now));  // a later notification pending gives way
}

void SwitchDriver::run() {
    run_guarded([this] {
        if (running_count_ == 0) return;
        // The times due run back to back while no other process has anything pending.
        model_clock::RunAhead ahead(end_);
        running_ = true;
        for (TimePs now = ahead.base();; now = times_.top().first) {
            ahead.move_to(now);
            run_due(now);
            if (running_count_ == 0) break;
            while (all_stale(times_.top())) release_earliest();  // no waking for nobody
            if (!ahead.may_run(times_.top().first)) break;
        }
        running_ = false;
        if (running_count_ > 0) next_trigger(ps_to_sc(times_.top().first - ahead.base()), woken_);
    });
}

void SwitchDriver::run_due(TimePs now) {
    while (!times_.empty() && times_.top().first <= now) {
        const auto [at, b] = times_.top();
        // Equal times run in switch order, the hosts last. The bucket is indexed anew
        // each time: a new bucket may move them all.
        std::vector<size_t>& due = buckets_[b];
        if (!std::is_sorted(due.begin(), due.end())) std::sort(due.begin(), due.end());
        for (size_t i = 0; i < buckets_[b].size(); ++i) {
            const size_t s = buckets_[b][i];
            if (due_[s] != at) continue;  // stale: woken before this time, or a second entry
            TimePs next;
            if (s == switches_.size()) {
                next = hosts_.run_window(now);
            } else {
                SwitchAsic& sw = *switches_[s];
                if (started_[s]) sw.count_activation();  // as a process per switch counted its waits
                started_[s] = true;
                next = sw.run_window(now);
            }
            if (next == INT64_MAX) {
                due_[s] = next;
                --running_count_;
                continue;
            }
            make_due(s, next);
        }
        release_earliest();
    }
}

}  // namespace cposim
