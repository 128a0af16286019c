// The forwarding pipeline's contract: a packet header in, a decision out. Implementations:
// DestinationPortPipeline (below); the RTL-backed and golden header-parsing pipelines plug
// in behind the same interface.
#pragma once

#include <cstdint>

#include "drop_reason.h"
#include "packet.h"

namespace cposim {

struct ForwardingDecision {
    uint16_t egress_port = 0;
    uint8_t traffic_class = 0;
    uint32_t latency_cycles = 0;  // core clock cycles from header in to decision out
    bool drop = false;            // the pipeline drops the packet ...
    DropReason drop_reason = DropReason::buffer_full;  // ... for this reason
    uint64_t flood_mask = 0;      // flood/multicast: a copy to each of these ports (0: unicast)
};

class ForwardingPipeline {
public:
    virtual ~ForwardingPipeline() = default;
    virtual ForwardingDecision decide(const Packet& packet) = 0;

    // A clocked pipeline takes one header per clock of the switch's core clock and decides
    // latency_cycles() clocks later; the switch schedules its headers (ClockedPipelines) and
    // tells it, in clock order, when each enters (header_enters), then asks for the decisions
    // in the same order (decide). An unclocked one (the destination pipeline) decides at once
    // with the latency it returns.
    virtual bool clocked() const { return false; }
    // An unclocked pipeline that decides when the frame is admitted rather than when it
    // arrives: the switch then asks latency_cycles() at arrival and decide() at admission,
    // when its queues are exactly as they are at that instant (a fabric's routing, whose
    // adaptive choices look at them).
    virtual bool decides_at_admission() const { return false; }
    virtual uint32_t latency_cycles() const { return 0; }
    virtual void header_enters(const Packet&, uint64_t /*cycle*/) {}
    // At the end of the run: simulate the clocks before `cycle` (waves up to the end).
    virtual void run_until(uint64_t /*cycle*/) {}
    // Clocks of an RTL simulated so far (idle ones skipped); 0 for a model without clocks.
    virtual uint64_t clocks_simulated() const { return 0; }
};

// Forwards each packet to the destination port its source chose, after a fixed number of
// core cycles: the behaviour of an L2 table hit with a fixed-depth pipeline.
class DestinationPortPipeline final : public ForwardingPipeline {
public:
    explicit DestinationPortPipeline(uint32_t latency_cycles) : latency_cycles_(latency_cycles) {}
    uint32_t latency_cycles() const override { return latency_cycles_; }
    ForwardingDecision decide(const Packet& packet) override {
        ForwardingDecision d;
        d.egress_port = packet.dst_port;
        if (packet.broadcast) d.flood_mask = ~(uint64_t{1} << (packet.src_port & 63));  // all but the source
        d.traffic_class = packet.traffic_class;
        d.latency_cycles = latency_cycles_;
        return d;
    }

private:
    uint32_t latency_cycles_;
};

}  // namespace cposim
