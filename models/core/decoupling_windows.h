// The windows of temporal decoupling in which a switch and its link partners exchange
// frames: at the start of a window each partner commits the frames that start inside it,
// then the switch runs up to its end, or past it up to where what the partners send next
// could be admitted (SwitchAsic::lead_ps; docs/architecture.md, "Time").
//
// Fixed windows are `longest` long. With PFC a pause must reach a partner before the
// partner commits a frame the pause should stop, so no window may end later than a pause
// not yet sent could arrive. The windows then vary: the switch, the one model that sends
// pauses, sets the end of each next window from how soon it could send one (never later
// than that time plus the pause's trip, never shorter than the trip, never longer than
// `longest`). Everyone asks window_end() at the window's start, in the order they run at
// that instant (tb/window_loop.h: the partners, then the switch); the answer is the same for all.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "errors.h"
#include "packet.h"

namespace cposim {

class DecouplingWindows {
public:
    DecouplingWindows(TimePs longest, TimePs end) : longest_(longest), shortest_(longest), end_(end) {}

    // Windows from `shortest` (the pause's trip) up to the longest, set by the switch.
    void vary_from(TimePs shortest) {
        shortest_ = std::min(shortest, longest_);
        window_end_ = std::min(shortest_, end_);
    }
    // Before the run, fixed windows only: their length (a fabric sets each switch's once the
    // switch is built, from what its parts add to its links' delay).
    void set_longest(TimePs longest) {
        if (vary() || longest <= 0) throw ModelInconsistency("decoupling windows: a fixed length of " + std::to_string(longest) + " ps set on varying windows or as none");
        longest_ = shortest_ = longest;
    }
    bool vary() const { return shortest_ < longest_; }
    TimePs longest() const { return longest_; }
    TimePs shortest() const { return shortest_; }
    int64_t windows() const { return windows_; }

    // The end of the window that starts at `start` (the run's end at the latest).
    TimePs window_end(TimePs start) {
        if (!vary()) return std::min(start + longest_, end_);
        if (start == window_end_ && start > start_) {  // the first to ask opens the next window
            start_ = window_end_;
            window_end_ = next_end_ > start_ ? next_end_ : std::min(start_ + shortest_, end_);
            next_end_ = 0;
            ++windows_;
        }
        if (start != start_)
            throw ModelInconsistency("decoupling windows: a window asked for at " + std::to_string(start) +
                                     " ps, but the current one is [" + std::to_string(start_) + ", " +
                                     std::to_string(window_end_) + ") ps");
        return window_end_;
    }
    // The switch, during the window that ends at `start`: the next window ends at `end`
    // (clamped to [shortest, longest], a whole number of shortest windows, so that every
    // window's ends lie on the grid of windows held at the shortest, and the run's end).
    void set_next_end(TimePs start, TimePs end) {
        if (start != window_end_)
            throw ModelInconsistency("decoupling windows: the next window set from " + std::to_string(start) +
                                     " ps, but the current one ends at " + std::to_string(window_end_) + " ps");
        const TimePs length = std::clamp(end - start, shortest_, longest_);
        next_end_ = std::min(start + length / shortest_ * shortest_, end_);
    }

    // The switch has run up to `t`: it has handed over every frame that starts before it (a
    // switch may run past its window's end: SwitchAsic::lead_ps). Its PHYs' waves count up to it.
    void set_switch_horizon(TimePs t) { switch_horizon_ = t; }
    TimePs switch_horizon() const { return switch_horizon_; }

private:
    TimePs longest_, shortest_, end_;
    TimePs switch_horizon_ = 0;
    TimePs start_ = 0, window_end_ = 0, next_end_ = 0;
    int64_t windows_ = 1;
};

}  // namespace cposim
