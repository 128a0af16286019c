// Which leaf each leaf's uplink reaches through the OCS layer, over time. Every leaf has u
// uplinks; uplink q of every leaf goes to the same OCS port group, so "plane" q of the OCS
// layer holds one matching of the leaves at a time (a circuit joins two leaves both ways).
// The matchings come from a round-robin tournament (the circle method): for L leaves, L - 1
// rounds (L odd: L rounds, one leaf idle in each), every pair of leaves in exactly one.
//   static  plane q holds round q for the whole run (u >= rounds: every pair has a circuit);
//   rotor   plane q holds round (q + k u) mod rounds in slot k: circuit_ps up, then every
//           circuit dark for reconfig_ps (all planes at once);
//   demand  at the run's request (set_matchings), circuits that change go dark for
//           reconfig_ps; those that stay keep carrying.
#pragma once

#include <cstdint>
#include <vector>

#include "ocs_config.h"

namespace cposim {

/// The round-robin tournament: rounds[r][a] = a's partner in round r (-1: idle).
std::vector<std::vector<int>> round_robin_rounds(int leaves);

class CircuitSchedule {
public:
    CircuitSchedule(int leaves, int planes, OcsSchedule kind, TimePs circuit_ps, TimePs reconfig_ps);

    int leaves() const { return leaves_; }
    int planes() const { return planes_; }
    /// Leaf a's partner on plane q at time t (after advance_to(t)); -1: no circuit, or dark.
    int peer(int q, int a, TimePs t) const {
        const size_t i = static_cast<size_t>(q) * static_cast<size_t>(leaves_) + static_cast<size_t>(a);
        return t >= dark_until_[i] ? partner_[i] : -1;
    }
    /// Leaf a's partner on plane q as set, dark or not (-1: none).
    int partner(int q, int a) const { return partner_[static_cast<size_t>(q) * static_cast<size_t>(leaves_) + static_cast<size_t>(a)]; }
    /// Moves to time t (rotor: into the slot holding t).
    void advance_to(TimePs t);
    /// The next time after t at which a circuit changes (comes up, goes dark); INT64_MAX: none.
    TimePs next_change(TimePs t) const;
    /// demand: the matching of each plane from time t on (partner per leaf, -1 idle): circuits
    /// that change are dark until t + reconfig_ps.
    void set_matchings(const std::vector<std::vector<int>>& partner_per_plane, TimePs t);

    int64_t reconfigurations() const { return reconfigurations_; }  ///< plane reconfigurations
    /// Directed circuit-time dark (ps) up to t: the capacity reconfigurations took.
    double dark_circuit_ps(TimePs t) const;

private:
    void set_plane(int q, const std::vector<int>& partner, TimePs t, bool all_go_dark);

    int leaves_, planes_;
    OcsSchedule kind_;
    TimePs circuit_ps_, reconfig_ps_;
    std::vector<std::vector<int>> rounds_;
    std::vector<int> partner_;         // [q * leaves + a]
    std::vector<TimePs> dark_until_;   // [q * leaves + a]
    int64_t slot_ = 0;
    int64_t reconfigurations_ = 0;
    double dark_ps_done_ = 0;          // dark time of circuits whose dark interval has been counted
    std::vector<TimePs> dark_from_;    // [q * leaves + a]: start of its current dark interval
};

}  // namespace cposim
