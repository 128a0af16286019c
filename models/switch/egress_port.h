// One egress port of the switch: a FIFO per traffic class, the scheduler that picks the
// next class (strict priority, 7 highest, or deficit weighted round robin after Shreedhar
// and Varghese, SIGCOMM 1995), and PFC frames waiting to go out ahead of data.
#pragma once

#include <array>
#include <cstdint>

#include "packet_pool.h"
#include "shared_buffer.h"
#include "switch_config.h"

namespace cposim {

class alignas(64) EgressPort {
public:
    void configure(SchedulerKind kind, const std::array<uint32_t, traffic_class_count>& weights,
                   uint32_t mtu_bytes) {
        kind_ = kind;
        for (int c = 0; c < traffic_class_count; ++c)
            quantum_[static_cast<size_t>(c)] = static_cast<int64_t>(weights[static_cast<size_t>(c)]) * mtu_bytes;
    }

    void push(Packet* p) {
        queue_[p->traffic_class].push(p);
        nonempty_ |= static_cast<uint8_t>(1u << p->traffic_class);
        queued_bytes_[p->traffic_class] += p->bytes;
        total_bytes_ += p->bytes;
        ++queued_;
    }
    bool empty() const { return queued_ == 0; }
    // Frames of a class its partner has not paused (PFC frames received, in a fabric) wait.
    bool sendable() const { return (nonempty_ & ~paused_) != 0; }
    void set_paused(int c, bool paused) {
        if (paused) paused_ |= static_cast<uint8_t>(1u << c);
        else paused_ &= static_cast<uint8_t>(~(1u << c));
    }
    bool paused(int c) const { return (paused_ >> c) & 1u; }
    int64_t packets() const { return queued_; }
    int64_t bytes() const { return total_bytes_; }
    int64_t class_bytes(int c) const { return queued_bytes_[static_cast<size_t>(c)]; }

    // Removes and returns the next frame to send; sendable() must be true.
    Packet* pop() {
        const int c = kind_ == SchedulerKind::strict ? strict_pick() : dwrr_pick();
        PacketFifo& q = queue_[static_cast<size_t>(c)];
        Packet* p = q.pop();
        // The next frame, likely sent a frame time from now, has waited in the queue long
        // enough to be out of the cache: fetch it now (its link field is read at its turn).
        if (q.empty()) nonempty_ &= static_cast<uint8_t>(~(1u << c));
        else __builtin_prefetch(q.front());
        queued_bytes_[static_cast<size_t>(c)] -= p->bytes;
        total_bytes_ -= p->bytes;
        --queued_;
        return p;
    }

    // Fields used for every frame first, so they share a cache line or two.
    PacketFifo pfc_frames;  // PFC frames to send before the next data frame
    bool busy = false;      // a frame is on the wire
    // The data frame on the wire, for releasing its buffer when its last bit has left.
    struct OnWire {
        BufferCharge charge;  // what the frame holds in the buffer (the frame itself has left)
        uint32_t bytes = 0;   // frame bytes
        bool data = false;    // false: a PFC frame
    } on_wire;

private:
    int strict_pick() const { return 31 - __builtin_clz(static_cast<uint8_t>(nonempty_ & ~paused_)); }  // highest sendable class
    int dwrr_pick() {
        while (true) {
            const size_t c = static_cast<size_t>(current_);
            if (queue_[c].empty()) {
                deficit_[c] = 0;
                advance();
                continue;
            }
            if (paused(static_cast<int>(c))) {  // keeps its credit while paused
                advance();
                continue;
            }
            if (fresh_visit_) {
                deficit_[c] += quantum_[c];
                fresh_visit_ = false;
            }
            const int64_t size = queue_[c].front()->bytes;
            if (size <= deficit_[c]) {
                deficit_[c] -= size;
                if (queue_[c].size() == 1) {  // the class empties: it keeps no credit
                    deficit_[c] = 0;
                    advance();
                }
                return static_cast<int>(c);
            }
            advance();
        }
    }
    void advance() {
        current_ = (current_ + 1) % traffic_class_count;
        fresh_visit_ = true;
    }

    SchedulerKind kind_ = SchedulerKind::strict;
    uint8_t nonempty_ = 0;  // a bit per class with frames queued
    uint8_t paused_ = 0;    // a bit per class its partner paused
    int64_t total_bytes_ = 0, queued_ = 0;
    std::array<int64_t, traffic_class_count> queued_bytes_{};
    std::array<PacketFifo, traffic_class_count> queue_{};
    std::array<int64_t, traffic_class_count> quantum_{};
    std::array<int64_t, traffic_class_count> deficit_{};
    int current_ = 0;
    bool fresh_visit_ = true;
};

}  // namespace cposim
