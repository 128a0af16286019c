#include "circuit_schedule.h"

#include <algorithm>
#include <climits>

namespace cposim {

std::vector<std::vector<int>> round_robin_rounds(int leaves) {
    // Circle method: with n even, fix the last leaf; in round r it meets r, and leaves r + i
    // and r - i (mod n - 1) meet for i = 1 .. n/2 - 1. With n odd, a phantom leaf n makes it
    // even; whoever meets it is idle.
    const int n = leaves % 2 == 0 ? leaves : leaves + 1;
    const int rounds = n - 1;
    std::vector<std::vector<int>> out(static_cast<size_t>(rounds), std::vector<int>(static_cast<size_t>(leaves), -1));
    for (int r = 0; r < rounds; ++r) {
        auto pair = [&](int a, int b) {
            if (a >= leaves || b >= leaves) return;  // the phantom: idle
            out[static_cast<size_t>(r)][static_cast<size_t>(a)] = b;
            out[static_cast<size_t>(r)][static_cast<size_t>(b)] = a;
        };
        pair(n - 1, r);
        for (int i = 1; i < n / 2; ++i) pair((r + i) % rounds, (r - i + rounds) % rounds);
    }
    return out;
}

CircuitSchedule::CircuitSchedule(int leaves, int planes, OcsSchedule kind, TimePs circuit_ps, TimePs reconfig_ps)
    : leaves_(leaves), planes_(planes), kind_(kind), circuit_ps_(circuit_ps), reconfig_ps_(reconfig_ps),
      rounds_(round_robin_rounds(leaves)),
      partner_(static_cast<size_t>(leaves) * static_cast<size_t>(planes), -1),
      dark_until_(partner_.size(), 0), dark_from_(partner_.size(), 0) {
    const int R = static_cast<int>(rounds_.size());
    for (int q = 0; q < planes_; ++q)
        std::copy(rounds_[static_cast<size_t>(q % R)].begin(), rounds_[static_cast<size_t>(q % R)].end(),
                  partner_.begin() + static_cast<std::ptrdiff_t>(q) * leaves_);
}

void CircuitSchedule::set_plane(int q, const std::vector<int>& partner, TimePs t, bool all_go_dark) {
    bool changed = false;
    for (int a = 0; a < leaves_; ++a) {
        const size_t i = static_cast<size_t>(q) * static_cast<size_t>(leaves_) + static_cast<size_t>(a);
        if (!all_go_dark && partner_[i] == partner[static_cast<size_t>(a)]) continue;
        changed = true;
        partner_[i] = partner[static_cast<size_t>(a)];
        // Dark from t (or from where an unfinished dark interval began) to t + reconfig.
        if (dark_until_[i] <= t) dark_from_[i] = t;
        else dark_ps_done_ -= static_cast<double>(dark_until_[i] - dark_from_[i]);  // counted again below
        dark_until_[i] = t + reconfig_ps_;
        dark_ps_done_ += static_cast<double>(dark_until_[i] - dark_from_[i]);
    }
    reconfigurations_ += changed;
}

void CircuitSchedule::advance_to(TimePs t) {
    if (kind_ != OcsSchedule::rotor) return;
    const TimePs period = circuit_ps_ + reconfig_ps_;
    const int R = static_cast<int>(rounds_.size());
    // Slot k holds [k period, k period + circuit); its circuits are set (dark for the
    // reconfiguration) at k period - reconfig.
    while (true) {
        const TimePs next_set = (slot_ + 1) * period - reconfig_ps_;
        if (t < next_set) return;
        ++slot_;
        for (int q = 0; q < planes_; ++q)
            set_plane(q, rounds_[static_cast<size_t>((q + slot_ * planes_) % R)], next_set, true);
    }
}

TimePs CircuitSchedule::next_change(TimePs t) const {
    TimePs next = INT64_MAX;
    for (TimePs d : dark_until_)
        if (d > t) next = std::min(next, d);
    if (kind_ == OcsSchedule::rotor) next = std::min(next, (slot_ + 1) * (circuit_ps_ + reconfig_ps_) - reconfig_ps_);
    return next;
}

void CircuitSchedule::set_matchings(const std::vector<std::vector<int>>& partner_per_plane, TimePs t) {
    for (int q = 0; q < planes_; ++q) set_plane(q, partner_per_plane[static_cast<size_t>(q)], t, false);
}

double CircuitSchedule::dark_circuit_ps(TimePs t) const {
    double dark = dark_ps_done_;
    for (size_t i = 0; i < dark_until_.size(); ++i)  // intervals still running at t count up to t
        if (dark_until_[i] > t) dark -= static_cast<double>(dark_until_[i] - std::max(t, dark_from_[i]));
    return dark;
}

}  // namespace cposim
