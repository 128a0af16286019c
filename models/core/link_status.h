// Link state is part of the protocol between a PHY and the port it serves: the PHY tells the
// port when its link goes down or comes back up (loss of block lock, a failed lane or laser)
// through this interface, which the switch implements; the switch's MAC then discards what
// it would send on a down link. No block holds a pointer into another to ask.
//
// Loosely timed: a change carries the time it takes effect, which may be ahead of the
// caller's time (faults are planned before the run), and must reach the port no later than
// the start of the quantum in which it happens.
#pragma once

#include <systemc>

#include "packet.h"

namespace cposim {

class LinkStatusIf : public virtual sc_core::sc_interface {
public:
    // From time `at` on, the link of port `port` is up (or down). Changes of one port come
    // in time order.
    virtual void link_changed(int port, TimePs at, bool up) = 0;
};

}  // namespace cposim
