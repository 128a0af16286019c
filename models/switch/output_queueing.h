// Shared-memory output queueing: an admitted frame is in its egress queue at once; the
// memory's bandwidth is never the bottleneck (Karol, Hluchyj and Morgan 1987's ideal).
#pragma once

#include "queueing_fabric.h"

namespace cposim {

class OutputQueueing final : public QueueingFabric {
public:
    explicit OutputQueueing(EgressQueues& egress) : egress_(egress) {}
    void admit(TimePs t, Packet* p) override { egress_.to_egress_queue(t, p); }
    void on_event(TimePs, EventKind, uint32_t) override {}
    int64_t holding() const override { return 0; }
    double capacity(const FrameMix&) const override { return 1.0; }
    void write_stats(Report& report) const override { report.set("throughput.fabric_capacity_load", 1.0); }

private:
    EgressQueues& egress_;
};

}  // namespace cposim
