// A fabric switch's forwarding: the frame's destination host decides the equal-cost next
// hops (Topology::next_hops), the load balancing picks one of them:
//   ecmp          a hash of the flow (source and destination host: a RoCE queue pair.s
//                 5-tuple) mixed with the switch's own seed, so switches of different tiers
//                 do not make the same choice (no hash polarisation);
//   spray_rr      round robin per packet, per destination switch;
//   spray_random  uniformly at random per packet;
//   flowlet       a flow keeps its next hop while its packets come closer than the flowlet
//                 gap; after a longer gap it moves to the next hop with the fewest bytes
//                 queued (Vanini et al., NSDI 2017, "Let it flow");
//   adaptive      per packet, the next hop with the fewest bytes queued in the switch's
//                 egress port (ties broken round robin).
// The switch asks for the decision when the frame is admitted, in time order: the queue
// depths are those at that instant, and the choices do not depend on the quantum.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "fabric_config.h"
#include "forwarding_pipeline.h"
#include "random.h"
#include "switch_asic.h"
#include "topology.h"

namespace cposim {

class FabricRouting final : public ForwardingPipeline {
public:
    /// switch_index: this switch in `topology` (kept by the caller for the run);
    /// latency_cycles: its pipeline latency (switch.pipeline_cycles).
    FabricRouting(const Topology& topology, int switch_index, const FabricConfig& config, uint32_t latency_cycles,
                  uint64_t seed);
    /// adaptive and flowlet look at this switch's egress queues.
    void watch_queues(const SwitchAsic& asic) { asic_ = &asic; }
    ForwardingDecision decide(const Packet& packet) override;
    [[noreturn, gnu::cold, gnu::noinline]] void no_such_host(const Packet& packet) const;  // out of line: decide() stays lean
    bool decides_at_admission() const override { return true; }
    uint32_t latency_cycles() const override { return latency_cycles_; }

private:
    int least_queued(const uint16_t* ports, int n);

    const Topology& topology_;
    int switch_;
    LoadBalancing lb_;
    TimePs flowlet_gap_ps_;
    uint32_t latency_cycles_;
    uint64_t seed_;
    Random rng_;
    std::vector<uint32_t> round_robin_;  // per destination switch
    uint32_t tie_break_ = 0;
    struct Flowlet {
        TimePs last = 0;
        uint16_t port = 0;
    };
    std::unordered_map<uint64_t, Flowlet> flowlets_;
    const SwitchAsic* asic_ = nullptr;
};

}  // namespace cposim
