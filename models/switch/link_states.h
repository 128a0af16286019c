// The link state of every port as the switch's MAC sees it: changes announced by the ports'
// PHYs (LinkStatusIf) ahead of their time, applied when the MAC's time reaches them. The
// check on every transmission is one comparison while no change is due.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "errors.h"
#include "packet.h"

namespace cposim {

class LinkStates {
public:
    explicit LinkStates(int ports) : ports_(static_cast<size_t>(ports)) {}

    // From `at` on the port's link is up (or down); changes of a port come in time order.
    void plan(int port, TimePs at, bool up) {
        Port& p = ports_.at(static_cast<size_t>(port));
        if (!p.planned.empty() && at < p.planned.back().at)
            throw ModelInconsistency("link change of port " + std::to_string(port) + " announced out of time order");
        p.planned.push_back({at, up});
        if (p.planned.size() == 1) p.next_change = at;
    }
    // Is the port's link up at time t? Queries of a port come in time order.
    bool up_at(int port, TimePs t) {
        Port& p = ports_[static_cast<size_t>(port)];
        if (t >= p.next_change) apply(p, t);
        return p.up;
    }

    // Every link up, and no change planned: nothing will discard queued frames.
    bool up_for_good() const {
        for (const Port& p : ports_)
            if (!p.up || !p.planned.empty()) return false;
        return true;
    }

private:
    struct Change {
        TimePs at;
        bool up;
    };
    struct Port {
        TimePs next_change = INT64_MAX;
        bool up = true;
        std::deque<Change> planned;
    };
    static void apply(Port& p, TimePs t) {
        while (!p.planned.empty() && p.planned.front().at <= t) {
            p.up = p.planned.front().up;
            p.planned.pop_front();
        }
        p.next_change = p.planned.empty() ? INT64_MAX : p.planned.front().at;
    }
    std::vector<Port> ports_;
};

}  // namespace cposim
