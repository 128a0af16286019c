// Priority flow control (IEEE 802.1Qbb) at the switch's ingress, per (ingress port, lossless
// class) group: when a group's buffer use reaches XOFF (or a frame had to go into its
// headroom) the controller pauses the partner's class for the longest time a frame can say
// (0xFFFF quanta of 512 bit times) and refreshes the pause at half that time while the group
// stays above XON; at or below XON it resumes (a pause of 0 quanta). Sending the frames is
// the MAC's business (PauseSender).
#pragma once

#include <cstdint>
#include <vector>

#include "event_calendar.h"
#include "shared_buffer.h"
#include "switch_config.h"

namespace cposim {

class PauseSender {
public:
    virtual ~PauseSender() = default;
    // Send a PFC frame for `cls` on `port` at time t: pause for `quanta` (0: resume).
    virtual void send_pause(TimePs t, int port, int cls, uint16_t quanta) = 0;
};

class PfcController {
public:
    static constexpr uint16_t max_quanta = 0xFFFF;

    PfcController(const SwitchConfig& config, const SharedBuffer& buffer, EventCalendar& calendar, PauseSender& mac);

    // The buffer use of group (ingress, cls) changed at time t; entered_headroom: the frame
    // just admitted had to go into the group's headroom.
    void update(TimePs t, int ingress, int cls, bool entered_headroom);
    // A pfc_refresh event of the calendar (arg: the class).
    void on_refresh(TimePs t, int ingress, int cls);
    bool paused(int ingress, int cls) const { return paused_[group(ingress, cls)] != 0; }
    int64_t paused_groups() const { return paused_groups_; }  // groups whose partner is paused now
    int64_t xon_cells() const { return xon_cells_; }
    TimePs refresh_due(int ingress, int cls) const { return refresh_due_[group(ingress, cls)]; }  // paused groups
    TimePs refresh_interval_ps() const { return refresh_ps_; }

private:
    size_t group(int ingress, int cls) const {
        return static_cast<size_t>(ingress) * traffic_class_count + static_cast<size_t>(cls);
    }
    const SharedBuffer& buffer_;
    EventCalendar& calendar_;
    PauseSender& mac_;
    int64_t xon_cells_;
    TimePs refresh_ps_;
    std::vector<uint8_t> paused_;
    int64_t paused_groups_ = 0;
    std::vector<TimePs> refresh_due_;  // the refresh event still valid (a resume makes it stale)
};

}  // namespace cposim
