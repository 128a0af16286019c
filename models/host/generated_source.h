// The generated workload (traffic.source=generated): per port an arrival process (bernoulli,
// poisson, onoff), frame sizes, destinations by pattern and classes spread uniformly, as
// traffic.* says (models/workload). Deterministic for a seed: port i draws from its own
// generator, seeded (seed, i + 1).
#pragma once

#include <vector>

#include "destination_pattern.h"
#include "frame_sizes.h"
#include "frame_source.h"
#include "geometric_sampler.h"
#include "random.h"
#include "traffic_config.h"

namespace cposim {

class GeneratedSource final : public FrameSource {
public:
    GeneratedSource(const TrafficConfig& traffic, int ports, double port_speed_gbps, uint64_t seed, PacketPool& pool,
                    TimePs warmup);

    bool active(int port) const override { return ports_[static_cast<size_t>(port)].active; }
    TimePs create_until(int port, TimePs limit, PartnerQueues& queues) override;
    int classes() const override { return traffic_.classes; }
    double frames_per_ps() const override;
    int64_t most_frames(TimePs window) const override;  // one per slot; Poisson: no bound

private:
    struct Port {
        Random rng;
        bool active = true;
        double next_arrival_ps = 0;  // poisson
        int64_t next_slot = 0;       // bernoulli / onoff
        int64_t burst_left = 0;      // onoff: frames left in the current burst
        int burst_destination = 0;   // onoff: a burst is a train to one destination
        uint64_t next_id = 0;
        explicit Port(Random r) : rng(r) {}
    };
    // inlined into create_until's loops: measurably fewer instructions per frame
    [[gnu::always_inline]] inline void create_frame(int port, Port& p, TimePs t, PartnerQueues& queues);

    TrafficConfig traffic_;
    int port_count_;
    double rate_gbps_;
    FrameSizes sizes_;
    DestinationPattern pattern_;
    double slot_ps_;       // wire time of a mean-size frame
    TimePs slot_int_ps_;   // the same, rounded: Bernoulli slot boundaries
    uint32_t last_bytes_ = 0;  // wire time of the last frame size drawn
    TimePs last_wire_ps_ = 0;
    GeometricSampler arrival_gaps_;  // bernoulli: idle slots before the next frame
    PacketPool& pool_;
    TimePs warmup_;
    std::vector<Port> ports_;
};

}  // namespace cposim
