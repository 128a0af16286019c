// A traffic source (the link partner's transmitter) with Bernoulli arrivals: time is cut into
// slots of one frame's wire time, aligned across all sources; in each slot a frame starts
// with probability `load`, to a destination drawn uniformly from all ports (as in the
// classic switch analyses, a port may send to its own index). Gaps between arrivals are
// drawn directly (geometric), which is the same process at a fraction of the cost.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "packet_extension.h"
#include "packet_pool.h"
#include "parameters.h"
#include "random.h"

namespace cposim {

struct TrafficConfig {
    double load = 0;        ///< fraction of the port line rate offered
    uint32_t packet_bytes = 0;

    static void declare_parameters(ParameterRegistry& r);
    static TrafficConfig from(const ParameterSet& p);
};

struct SourceCounters {
    int64_t injected = 0;          ///< frames whose first bit left before the end
    int64_t window_injected = 0;   ///< ... and started in the measurement window
    int64_t window_wire_ps = 0;    ///< wire time of those frames
};

class BernoulliSource : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<BernoulliSource> out;  ///< to the port's link

    BernoulliSource(sc_core::sc_module_name name, int port, int ports, double port_speed_gbps,
                    const TrafficConfig& traffic, uint64_t seed, PacketPool& pool,
                    TimePs quantum, TimePs end, TimePs warmup);
    const SourceCounters& counters() const { return counters_; }
    int64_t activations() const { return activations_; }

private:
    SC_HAS_PROCESS(BernoulliSource);
    void run();
    void emit(TimePs start);

    int port_, ports_;
    TrafficConfig traffic_;
    TimePs slot_ps_;
    double log1m_load_;
    Random rng_;
    PacketPool& pool_;
    PacketPayload payload_;
    TimePs quantum_, end_, warmup_;
    int64_t next_slot_ = 0;
    uint64_t next_id_ = 0;
    SourceCounters counters_;
    int64_t activations_ = 0;
};

}  // namespace cposim
