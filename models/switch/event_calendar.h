// The switch's own event calendar: events ordered by time, then kind, then a tie-break,
// kept in a timing wheel (O(1) per event). Inside one temporal-decoupling quantum the switch runs its events
// from here in plain C++, so the SystemC kernel sees a handful of activations per quantum
// rather than per packet.
//
// Kinds with a lower value run first at equal times (a transmitter frees its link and the
// buffer before a frame arriving at the same instant is admitted). Equal time and kind:
// ingress admissions run in a deterministic pseudo-random order of (time, port), since with
// slot-aligned arrivals a fixed port order would always admit port 0 first into a nearly
// full buffer; other kinds run in port order.
//
// The calendar holds at most a few events per port: frames waiting for admission sit in
// per-port FIFOs (a pipeline is in order), so it stays ~2N entries whatever the load.
#pragma once

#include <algorithm>
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
    pfc_refresh = 4,     // port, arg = class: re-send an expiring pause
};

struct SwitchEvent {
    TimePs t;
    EventKind kind;
    uint32_t port;
    uint32_t arg;
};

class EventCalendar {
public:
    void push(TimePs t, EventKind kind, uint32_t port, uint32_t arg = 0) { insert(t, kind, 0, port, arg); }
    void push_fair(TimePs t, EventKind kind, uint32_t port) {
        uint64_t mix = static_cast<uint64_t>(t) * 0x9E3779B97F4A7C15ull ^ (port * 0xD1B54A32D192ED03ull);
        insert(t, kind, static_cast<uint32_t>(splitmix64(mix) >> 35), port, 0);
    }
    // True if an event earlier than `limit` is pending. Never moves past `limit`, so later
    // pushes (all at or after the limit) still land ahead of the cursor.
    bool has_event_before(TimePs limit) {
        while (pos_ == current_.size()) {
            const int64_t last = (limit - 1) >> bucket_shift;
            if (cursor_ >= last) return false;
            if (in_wheel_ == 0) {  // jump over empty time
                if (overflow_.empty()) return false;
                const int64_t b = static_cast<int64_t>(overflow_.top() >> 64);
                if (b > last) return false;
                open_bucket(b);
            } else {
                open_bucket(cursor_ + 1);
            }
        }
        return time_of(current_[pos_]) < limit;
    }
    SwitchEvent pop() {  // has_event_before() must have returned true
        const Key k = current_[pos_++];
        return {time_of(k), static_cast<EventKind>((k >> 51) & 7), static_cast<uint32_t>((k >> 6) & 0xFFFF),
                static_cast<uint32_t>(k & 63)};
    }

private:
    // A timing wheel of 1.024 ns buckets over a 4.2 us horizon, with a heap for events
    // further out. Buckets are sorted when opened, so events leave in exact key order.
    // A key is 8 bytes, relative to its bucket (halves the cost of sorting and moving):
    // offset in the bucket (10 bits) | kind (3) | tie-break (29) | port (16) | argument (6)
    using Key = uint64_t;
    static constexpr int bucket_shift = 10;
    static constexpr int64_t wheel_size = 4096;

    TimePs time_of(Key k) const { return (cursor_ << bucket_shift) | static_cast<TimePs>(k >> 54); }
    static Key encode(TimePs t, EventKind kind, uint32_t tie, uint32_t port, uint32_t arg) {
        return (static_cast<uint64_t>(t & ((1 << bucket_shift) - 1)) << 54) | (static_cast<uint64_t>(kind) << 51) |
               (static_cast<uint64_t>(tie & 0x1FFFFFFF) << 22) | (static_cast<uint64_t>(port & 0xFFFF) << 6) | (arg & 63);
    }

    void insert(TimePs t, EventKind kind, uint32_t tie, uint32_t port, uint32_t arg) {
        const int64_t b = t >> bucket_shift;
        const Key k = encode(t, kind, tie, port, arg);
        if (b == cursor_) {  // the open bucket: keep its unread part sorted
            current_.insert(std::upper_bound(current_.begin() + static_cast<std::ptrdiff_t>(pos_), current_.end(), k), k);
        } else if (b < cursor_ + wheel_size) {
            wheel_[static_cast<size_t>(b & (wheel_size - 1))].push_back(k);
            ++in_wheel_;
        } else {
            overflow_.push((static_cast<unsigned __int128>(static_cast<uint64_t>(b)) << 64) | k);
        }
    }
    void open_bucket(int64_t b) {
        cursor_ = b;
        current_.clear();
        pos_ = 0;
        auto& slot = wheel_[static_cast<size_t>(b & (wheel_size - 1))];
        in_wheel_ -= static_cast<int64_t>(slot.size());
        current_.swap(slot);
        while (!overflow_.empty() && static_cast<int64_t>(overflow_.top() >> 64) == b) {
            current_.push_back(static_cast<Key>(overflow_.top()));
            overflow_.pop();
        }
        std::sort(current_.begin(), current_.end());
    }

    std::vector<std::vector<Key>> wheel_ = std::vector<std::vector<Key>>(wheel_size);
    std::vector<Key> current_;
    size_t pos_ = 0;
    int64_t cursor_ = 0;  // the open bucket
    int64_t in_wheel_ = 0;
    // Events beyond the wheel: (bucket << 64) | key
    std::priority_queue<unsigned __int128, std::vector<unsigned __int128>, std::greater<unsigned __int128>> overflow_;
};

}  // namespace cposim
