// The switch's shared packet buffer, accounted in cells.
//
// The buffer is split into static reservations (per egress queue), PFC headroom (per
// ingress port and lossless class) and a shared pool. A lossy frame goes to its queue's
// reservation if that has room, else to the shared pool if the pool has room and the queue
// is under its dynamic threshold, alpha x (free shared cells) (Choudhury and Hahne 1998);
// otherwise it is dropped (buffer_full or queue_threshold). A lossless frame goes to the
// shared pool until its ingress priority group reaches the XOFF point, then to the
// group's headroom (each ingress port's from its own link); headroom overflow is a drop
// (pfc_headroom_overflow) and means the headroom was sized too small. With a headroom pool
// (pfc.headroom_pool_bytes) the groups' headroom is not reserved one by one: they draw
// from the pool, each up to its own headroom, and a full pool drops too.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "drop_reason.h"
#include "packet.h"
#include "switch_config.h"

namespace cposim {

// What a frame holds in the buffer, kept until its last bit has left.
struct BufferCharge {
    uint32_t cells = 0;
    uint8_t pool = 0;
    uint8_t traffic_class = 0;
    uint16_t egress = 0;
    uint16_t ingress = 0;
};

class SharedBuffer {
public:
    enum Pool : uint8_t { reserved = 0, shared = 1, headroom = 2 };

    explicit SharedBuffer(const SwitchConfig& c);  // throws ConfigError if it cannot fit

    // Charges the frame's cells (packet.cells) to a pool, or returns false with the reason.
    bool admit(Packet& p, int ingress, DropReason& reason);  // inline, below: once per frame
    void release(const BufferCharge& c);
    static BufferCharge charge_of(const Packet& p, int ingress) {
        return {p.cells, p.buffer_pool, p.traffic_class, p.egress_port, static_cast<uint16_t>(ingress)};
    }

    // Cells held by an ingress priority group (ingress port, class), for PFC.
    uint32_t group_cells(int ingress, int cls) const { return group_used_[index(ingress, cls)]; }
    int64_t used_cells() const { return used_; }
    int64_t total_cells() const { return total_; }
    int64_t shared_cells() const { return shared_total_; }
    int64_t shared_used_cells() const { return shared_used_; }
    int64_t headroom_cells_per_group() const { return headroom_per_group_; }  ///< the largest group's
    int64_t headroom_pool_cells() const { return headroom_pool_; }  ///< 0: reserved per group
    int64_t xoff_cells() const { return xoff_cells_; }
    bool lossless(int cls) const { return (lossless_mask_ >> cls) & 1; }
    unsigned lossless_mask() const { return lossless_mask_; }  ///< bit c: class c is lossless

private:
    size_t index(int port, int cls) const { return static_cast<size_t>(port) * traffic_class_count + static_cast<size_t>(cls); }

    int64_t total_, shared_total_, shared_used_ = 0, used_ = 0;
    int64_t reserved_per_queue_, headroom_per_group_, xoff_cells_;
    std::vector<int64_t> headroom_of_port_;  // a lossless group's headroom, by ingress port
    int64_t headroom_pool_ = 0, headroom_pool_used_ = 0;
    double alpha_;
    uint8_t lossless_mask_;
    std::vector<uint32_t> queue_reserved_, queue_shared_;  // by (egress, class)
    std::vector<uint32_t> group_used_, group_headroom_;    // by (ingress, class)
};

// ---- per frame, inline ----

inline bool SharedBuffer::admit(Packet& p, int ingress, DropReason& reason) {
    const size_t q = index(p.egress_port, p.traffic_class);
    const size_t g = index(ingress, p.traffic_class);
    const int64_t cells = p.cells;
    if (queue_reserved_[q] + cells <= reserved_per_queue_) {
        p.buffer_pool = reserved;
        queue_reserved_[q] += static_cast<uint32_t>(cells);
    } else if (lossless(p.traffic_class)) {
        if (group_used_[g] + cells <= xoff_cells_ && shared_used_ + cells <= shared_total_) {
            p.buffer_pool = shared;
            queue_shared_[q] += static_cast<uint32_t>(cells);
            shared_used_ += cells;
        } else if (group_headroom_[g] + cells <= headroom_of_port_[static_cast<size_t>(ingress)] &&
                   (headroom_pool_ == 0 || headroom_pool_used_ + cells <= headroom_pool_)) {
            p.buffer_pool = headroom;
            group_headroom_[g] += static_cast<uint32_t>(cells);
            headroom_pool_used_ += cells;
        } else {
            reason = DropReason::pfc_headroom_overflow;
            return false;
        }
    } else {
        if (shared_used_ + cells > shared_total_) {
            reason = DropReason::buffer_full;
            return false;
        }
        if (static_cast<double>(queue_shared_[q] + cells) >
            alpha_ * static_cast<double>(shared_total_ - shared_used_)) {
            reason = DropReason::queue_threshold;
            return false;
        }
        p.buffer_pool = shared;
        queue_shared_[q] += static_cast<uint32_t>(cells);
        shared_used_ += cells;
    }
    group_used_[g] += static_cast<uint32_t>(cells);
    used_ += cells;
    return true;
}

inline void SharedBuffer::release(const BufferCharge& c) {
    const size_t q = index(c.egress, c.traffic_class);
    const size_t g = index(c.ingress, c.traffic_class);
    const uint32_t cells = c.cells;
    if (c.pool == reserved) {
        queue_reserved_[q] -= cells;
    } else {
        // A lossless group's cells beyond its XOFF point are its headroom whichever of its
        // frames hold them: what leaves frees the group's headroom first, so a group that
        // went over, paused and came back below XON starts its next pause with all of it
        // (frames in headroom may sit in a slower egress queue than the group's others).
        if (c.pool == shared) queue_shared_[q] -= cells;
        const uint32_t from_headroom = std::min(cells, group_headroom_[g]);
        group_headroom_[g] -= from_headroom;
        headroom_pool_used_ -= from_headroom;
        shared_used_ -= cells - from_headroom;
    }
    group_used_[g] -= cells;
    used_ -= cells;
}

}  // namespace cposim
