// The queueing architecture: how a frame admitted into the shared buffer reaches its egress
// port's class queues. Built-in fabrics (queueing_fabrics(), chosen by switch.queueing):
//   output      shared-memory output queueing: straight into the egress queue;
//   voq_islip   virtual output queues and a cell crossbar scheduled by iSLIP;
//   input_fifo  one FIFO per input and a cell crossbar: only head-of-line frames contend.
// A fabric may keep events of its own in the switch's calendar (crossbar_slot,
// egress_arrival); the switch hands them back through on_event(). A user adds a fabric by
// registering a factory under a new name.
#pragma once

#include <functional>
#include <memory>

#include "event_calendar.h"
#include "packet.h"
#include "registry.h"
#include "report.h"
#include "switch_config.h"

namespace cposim {

// What a fabric delivers into: the egress ports' class queues (the switch).
class EgressQueues {
public:
    virtual ~EgressQueues() = default;
    virtual void to_egress_queue(TimePs t, Packet* p) = 0;
};

// A frame size mix as a fabric sees it.
struct FrameMix {
    double mean_wire_bytes = 0;  ///< frame bytes + 20 (preamble, SFD, inter-frame gap)
    double mean_cells = 0;       ///< buffer cells per frame
};

class QueueingFabric {
public:
    virtual ~QueueingFabric() = default;
    // The frame was admitted into the buffer at time t (its egress_port and class decided).
    virtual void admit(TimePs t, Packet* p) = 0;
    // One of the fabric's own calendar events.
    virtual void on_event(TimePs t, EventKind kind, uint32_t port) = 0;
    // Frames inside the fabric, not yet in an egress queue.
    virtual int64_t holding() const = 0;
    // The largest share of a port's line rate the fabric can move for this mix, even with a
    // perfect matching every slot (1: never the bottleneck).
    virtual double capacity(const FrameMix& mix) const = 0;
    // throughput.fabric_capacity_load: capacity() for the frames the fabric was given.
    virtual void write_stats(Report& report) const = 0;
};

struct FabricContext {
    const SwitchConfig& config;
    EventCalendar& calendar;
    EgressQueues& egress;
    uint64_t seed;
};
using FabricFactory = std::function<std::unique_ptr<QueueingFabric>(const FabricContext&)>;

// The registered fabrics; the built-in ones are there from the first call.
Registry<FabricFactory>& queueing_fabrics();

}  // namespace cposim
