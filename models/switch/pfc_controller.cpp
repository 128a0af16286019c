#include "pfc_controller.h"

namespace cposim {

PfcController::PfcController(const SwitchConfig& config, const SharedBuffer& buffer, EventCalendar& calendar,
                             PauseSender& mac)
    : buffer_(buffer), calendar_(calendar), mac_(mac),
      xon_cells_(static_cast<int64_t>(config.pfc.xon_bytes / config.cell_bytes)),
      // Refresh a pause at half its length, so the partner never resumes while still over.
      refresh_ps_(static_cast<TimePs>(max_quanta * 512.0 / config.port_speed_gbps * 1e3 / 2)),
      paused_(static_cast<size_t>(config.ports) * traffic_class_count, 0), refresh_due_(paused_.size(), -1) {}

void PfcController::update(TimePs t, int ingress, int cls, bool entered_headroom) {
    const size_t g = group(ingress, cls);
    const int64_t used = buffer_.group_cells(ingress, cls);
    if (!paused_[g] && (entered_headroom || used >= buffer_.xoff_cells())) {
        paused_[g] = 1;
        ++paused_groups_;
        mac_.send_pause(t, ingress, cls, max_quanta);
        refresh_due_[g] = t + refresh_ps_;
        calendar_.push(refresh_due_[g], EventKind::pfc_refresh, static_cast<uint32_t>(ingress), static_cast<uint32_t>(cls));
    } else if (paused_[g] && used <= xon_cells_) {
        paused_[g] = 0;
        --paused_groups_;
        refresh_due_[g] = -1;
        mac_.send_pause(t, ingress, cls, 0);
    }
}

void PfcController::on_refresh(TimePs t, int ingress, int cls) {
    const size_t g = group(ingress, cls);
    if (!paused_[g] || refresh_due_[g] != t) return;  // a resume made it stale
    mac_.send_pause(t, ingress, cls, max_quanta);
    refresh_due_[g] = t + refresh_ps_;
    calendar_.push(refresh_due_[g], EventKind::pfc_refresh, static_cast<uint32_t>(ingress), static_cast<uint32_t>(cls));
}

}  // namespace cposim
