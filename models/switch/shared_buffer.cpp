#include "shared_buffer.h"

#include <algorithm>
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
    int64_t headroom_per_class = 0;  // over all ports
    for (int port = 0; port < c.ports; ++port) {
        headroom_of_port_.push_back(c.pfc.enabled ? static_cast<int64_t>(std::ceil(c.pfc.headroom_of(port) / c.cell_bytes)) : 0);
        headroom_per_class += headroom_of_port_.back();
        headroom_per_group_ = std::max(headroom_per_group_, headroom_of_port_.back());
    }
    if (c.pfc.enabled && c.pfc.headroom_pool_bytes > 0)
        headroom_pool_ = static_cast<int64_t>(std::ceil(c.pfc.headroom_pool_bytes / c.cell_bytes));
    const int64_t headroom = headroom_pool_ > 0 ? headroom_pool_ : headroom_per_class * lossless_classes;
    shared_total_ = total_ - reserved - headroom;
    if (shared_total_ <= 0)
        throw ConfigError("switch.buffer_bytes: " + std::to_string(total_) + " cells cannot hold " +
                          std::to_string(reserved) + " reserved cells and " +
                          std::to_string(headroom) + " PFC headroom cells (" +
                          (headroom_pool_ > 0 ? std::string("pfc.headroom_pool_bytes")
                                              : std::to_string(headroom_per_group_) + " for the largest lossless group") +
                          ")");
}

}  // namespace cposim
