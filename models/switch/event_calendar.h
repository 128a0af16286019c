// The switch's own event calendar. Inside one temporal-decoupling quantum the switch runs
// its events from here in plain C++, so the SystemC kernel sees a handful of activations
// per quantum rather than per packet.
//
// Events run in time order. Kinds with a lower value run first at equal times (a
// transmitter frees its link and the buffer before a frame arriving at the same instant is
// admitted). Equal time and kind: ingress admissions run in a pseudo-random order
// (deterministic for a given seed, whatever the quantum), since with slot-aligned arrivals
// a fixed port order would always admit port 0 first into a nearly full buffer; ends of
// transmission in the order they were scheduled (their starts' order, so the same
// pseudo-random order for frames that started together); the other kinds in port order.
//
// The two kinds every packet has (an admission and an end of transmission) have a timing
// wheel each, the rarer kinds share a third; the calendar merges their heads. It holds an
// admission for every frame in the ingress pipelines and about one end of transmission
// and a few rarer events per port.
#pragma once

#include <algorithm>
#include <cstdint>

#include "packet.h"
#include "timing_wheel.h"

namespace cposim {

enum class EventKind : uint8_t {
    tx_done = 0,         // port: the frame on an egress wire has left
    egress_arrival = 1,  // the frames a crossbar matching moved reach their egress queues
    ingress_done = 2,    // port: the head of an ingress pipeline FIFO is ready for admission
    crossbar_slot = 3,   // a cell slot of the crossbar
    pfc_refresh = 4,     // port, arg = class: re-send an expiring pause
    pause_received = 5,  // port: the oldest PFC frame received on it takes effect (fabrics)
    pause_expiry = 6,    // port, arg = class: a received pause may have run out
};

struct SwitchEvent {
    TimePs t;
    EventKind kind;
    uint32_t port;
    uint32_t arg;
};

class EventCalendar {
public:
    static constexpr TimePs bucket_ps = TimingWheel::bucket_ps;  // events in one are put in order when it is first read

    explicit EventCalendar(uint64_t seed)
        : tx_done_(TieOrder::pushed, seed), admissions_(TieOrder::shuffled, seed), others_(TieOrder::by_payload, seed) {}

    void push(TimePs t, EventKind kind, uint32_t port, uint32_t arg = 0) {
        known_ = false;
        if (kind == EventKind::tx_done)
            tx_done_.push(t, port);
        else if (kind == EventKind::ingress_done)
            admissions_.push(t, port);
        else {  // payload order: kind, port, argument
            others_.push(t, (static_cast<uint64_t>(kind) << 40) | (static_cast<uint64_t>(port) << 8) | (arg & 0xFF));
            ++others_pending_;
        }
    }

    // True if an event earlier than `limit` is pending; pop() then removes the earliest.
    bool has_event_before(TimePs limit) {
        const TimePs tx = tx_done_.next_time(INT64_MAX), in = admissions_.next_time(INT64_MAX);
        const TimePs other = others_pending_ ? others_.next_time(INT64_MAX) : INT64_MAX;
        next_t_ = std::min({tx, in, other});
        if (next_t_ >= limit) {
            next_ = Source::none;
            known_ = true;  // the earliest event, until the next push
            return false;
        }
        // Ties: tx_done (0) < other kinds below ingress_done (egress_arrival) < ingress_done
        // (2) < other kinds above it; the others' kind is read only when it decides.
        if (tx <= in && tx <= other) {
            next_ = Source::tx_done;
        } else if (in < other || (in == other && others_kind() > EventKind::ingress_done)) {
            next_ = Source::admissions;
        } else {
            next_ = Source::others;
        }
        return true;
    }
    // The earliest pending event's time, INT64_MAX when none (a fabric's idle switch sleeps
    // until then or until a frame arrives).
    TimePs next_time() {
        if (known_) return next_t_;  // the window's last look found it
        const TimePs other = others_pending_ ? others_.next_time(INT64_MAX) : INT64_MAX;
        return std::min({tx_done_.next_time(INT64_MAX), admissions_.next_time(INT64_MAX), other});
    }
    SwitchEvent pop() {  // has_event_before() must have returned true
        switch (next_) {
            case Source::tx_done: return {next_t_, EventKind::tx_done, static_cast<uint32_t>(tx_done_.pop()), 0};
            case Source::admissions: return {next_t_, EventKind::ingress_done, static_cast<uint32_t>(admissions_.pop()), 0};
            default: {
                --others_pending_;
                const uint64_t p = others_.pop();
                return {next_t_, static_cast<EventKind>(p >> 40), static_cast<uint32_t>((p >> 8) & 0xFFFFFFFF),
                        static_cast<uint32_t>(p & 0xFF)};
            }
        }
    }

    // The port of the admission `ahead` admissions on in the same bucket, if any: the
    // switch prefetches the frame it will admit.
    bool admission_ahead(size_t ahead, uint32_t& port) const {
        uint64_t payload;
        if (!admissions_.payload_ahead(ahead, payload)) return false;
        port = static_cast<uint32_t>(payload);
        return true;
    }

private:
    enum class Source { none, tx_done, admissions, others };
    // Opening the others' next bucket here is safe: its first event is the calendar's next.
    EventKind others_kind() { return static_cast<EventKind>(others_.peek() >> 40); }

    TimingWheel tx_done_, admissions_, others_;
    int64_t others_pending_ = 0;  // none in output queueing without PFC: skip that wheel
    Source next_ = Source::none;
    TimePs next_t_ = 0;
    // next_t_ is the earliest pending event: has_event_before() found none before its limit
    // and nothing was pushed since (a fabric switch asks at each window's end, to sleep).
    bool known_ = false;
};

}  // namespace cposim
