#include "shared_buffer.h"

#include <bitset>
#include <cmath>
#include <string>

#include "errors.h"

namespace cposim {

SharedBuffer::SharedBuffer(const SwitchConfig& c)
    : total_(static_cast<int64_t>(c.buffer_bytes / c.cell_bytes)),
      reserved_per_queue_(c.reserved_cells),
      headroom_per_group_(c.pfc.enabled ? static_cast<int64_t>(std::ceil(c.pfc.headroom_bytes / c.cell_bytes)) : 0),
      xoff_cells_(static_cast<int64_t>(std::ceil(c.pfc.xoff_bytes / c.cell_bytes))),
      alpha_(c.dt_alpha), lossless_mask_(c.pfc.lossless_mask),
      queue_reserved_(static_cast<size_t>(c.ports) * traffic_class_count, 0),
      queue_shared_(queue_reserved_.size(), 0),
      group_used_(queue_reserved_.size(), 0), group_headroom_(queue_reserved_.size(), 0) {
    const int64_t lossless_classes = static_cast<int64_t>(std::bitset<8>(lossless_mask_).count());
    const int64_t reserved = reserved_per_queue_ * c.ports * traffic_class_count;
    const int64_t headroom = headroom_per_group_ * c.ports * lossless_classes;
    shared_total_ = total_ - reserved - headroom;
    if (shared_total_ <= 0)
        throw ConfigError("switch.buffer_bytes: " + std::to_string(total_) + " cells cannot hold " +
                          std::to_string(reserved) + " reserved cells and " +
                          std::to_string(headroom) + " PFC headroom cells (" +
                          std::to_string(headroom_per_group_) + " per lossless group)");
}

bool SharedBuffer::admit(Packet& p, int ingress, DropReason& reason) {
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
        } else if (group_headroom_[g] + cells <= headroom_per_group_) {
            p.buffer_pool = headroom;
            group_headroom_[g] += static_cast<uint32_t>(cells);
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

void SharedBuffer::release(const BufferCharge& c) {
    const size_t q = index(c.egress, c.traffic_class);
    const size_t g = index(c.ingress, c.traffic_class);
    const uint32_t cells = c.cells;
    switch (c.pool) {
        case reserved: queue_reserved_[q] -= cells; break;
        case shared:
            queue_shared_[q] -= cells;
            shared_used_ -= cells;
            break;
        case headroom: group_headroom_[g] -= cells; break;
    }
    group_used_[g] -= cells;
    used_ -= cells;
}

}  // namespace cposim
