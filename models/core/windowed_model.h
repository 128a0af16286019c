// A model that runs in decoupling windows (DecouplingWindows): called at the start of a
// window, it does everything that happens up to the window's end and says when it runs next.
// A process that drives several such models (tb/window_loop.h, the fabric's SwitchDriver)
// calls them one after the other, so the SystemC kernel wakes once per window for all of
// them rather than once per model.
#pragma once

#include <cstdint>

#include "packet.h"

namespace cposim {

class WindowedModel {
public:
    virtual ~WindowedModel() = default;
    // The window starting at `now`; returns when the model runs next (INT64_MAX: never).
    virtual TimePs run_window(TimePs now) = 0;
};

}  // namespace cposim
