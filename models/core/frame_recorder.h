// Watches frames at the switch's edges for captures (cposim run --pcap-out): what each egress
// port sends, and every frame dropped with its reason. The switch and the receivers hold a
// pointer that is null unless a run records: the packet path pays one predictable test.
#pragma once

#include "drop_reason.h"
#include "packet.h"

namespace cposim {

class FrameRecorder {
public:
    virtual ~FrameRecorder() = default;
    // The switch began sending `p` (a data frame or a PFC frame) on egress `port`: its first
    // bit left at `t`.
    virtual void sent(int port, const Packet& p, TimePs t) = 0;
    // `p` was dropped at `t` for `reason`: by the switch (receiver_port < 0), or by the CRC
    // check of the receiver on that egress port.
    virtual void dropped(const Packet& p, TimePs t, DropReason reason, int receiver_port) = 0;
};

}  // namespace cposim
