// The switch's own event calendar: a binary heap ordered by (time, kind, insertion order).
// Inside one temporal-decoupling quantum the switch runs its events from here in plain C++,
// so the SystemC kernel sees a handful of activations per quantum rather than per packet.
// Kinds with a lower value run first at equal times (a transmitter frees its link and the
// buffer before a packet arriving at the same instant is admitted).
// The heap holds at most one event per port and kind: packets waiting for admission sit in
// per-port FIFOs (a pipeline is in order), so the heap stays ~2N entries whatever the load.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "packet.h"
#include "random.h"

namespace cposim {

enum class EventKind : uint8_t {
    tx_done = 0,         // port: the frame on an egress wire has left
    egress_arrival = 1,  // port: a frame crossed the crossbar to this egress queue
    ingress_done = 2,    // port: the head of an ingress pipeline FIFO is ready for admission
    crossbar_slot = 3,   // a cell slot of the crossbar
    pfc_refresh = 4,     // port, arg = class: re-send a pause that is about to expire
};

struct SwitchEvent {
    TimePs t;
    uint64_t order;  // kind in the top bits, insertion sequence below
    uint32_t port;
    uint32_t arg;  // pfc_refresh: class

    EventKind kind() const { return static_cast<EventKind>(order >> 56); }
    bool operator>(const SwitchEvent& o) const { return t != o.t ? t > o.t : order > o.order; }
};

class EventCalendar {
public:
    void push(TimePs t, EventKind kind, uint32_t port, uint32_t arg = 0) {
        heap_.push({t, (static_cast<uint64_t>(kind) << 56) | seq_++, port, arg});
    }
    // Like push, but events of this kind at the same time run in an order that is a
    // deterministic pseudo-random function of (time, port): with slot-aligned arrivals a
    // fixed port order would always admit port 0 first into a nearly full buffer.
    void push_fair(TimePs t, EventKind kind, uint32_t port) {
        uint64_t mix = static_cast<uint64_t>(t) * 0x9E3779B97F4A7C15ull ^ (port * 0xD1B54A32D192ED03ull);
        mix = splitmix64(mix) >> 8;
        heap_.push({t, (static_cast<uint64_t>(kind) << 56) | mix, port, 0});
    }
    bool empty() const { return heap_.empty(); }
    const SwitchEvent& top() const { return heap_.top(); }
    void pop() { heap_.pop(); }
    size_t size() const { return heap_.size(); }

private:
    std::priority_queue<SwitchEvent, std::vector<SwitchEvent>, std::greater<SwitchEvent>> heap_;
    uint64_t seq_ = 0;
};

}  // namespace cposim
