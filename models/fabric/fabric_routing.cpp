#include "fabric_routing.h"

#include "errors.h"

namespace cposim {

namespace {
uint64_t mix(uint64_t x) {  // splitmix64's finaliser: every input bit moves every output bit
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
uint64_t flow_key(const Packet& p) {
    return (static_cast<uint64_t>(p.src_host) << 32) | p.dst_host;  // a queue pair: all its messages on one path
}
// x % n, without a 64-bit division (tens of cycles) where n is a power of two, as a leaf's
// uplinks nearly always are: decide() runs at every hop.
size_t index_below(uint64_t x, int n) {
    const auto un = static_cast<uint64_t>(n);
    return static_cast<size_t>((un & (un - 1)) == 0 ? x & (un - 1) : x % un);
}
}  // namespace

FabricRouting::FabricRouting(const Topology& topology, int switch_index, const FabricConfig& config,
                             uint32_t latency_cycles, uint64_t seed)
    : topology_(topology),
      switch_(switch_index),
      lb_(config.load_balancing),
      flowlet_gap_ps_(static_cast<TimePs>(config.flowlet_gap_ns * 1e3)),
      latency_cycles_(latency_cycles),
      seed_(mix(seed ^ mix(0xFAB0000ull + static_cast<uint64_t>(switch_index)))),
      rng_(seed, 0xFAB000ull + static_cast<uint64_t>(switch_index)),
      round_robin_(topology.switches.size(), 0) {}

int FabricRouting::least_queued(const uint16_t* ports, int n) {
    // Start at a rotating place so ties do not always go to the first port.
    const int start = static_cast<int>(tie_break_++ % static_cast<uint32_t>(n));
    int best = ports[start];
    int64_t best_bytes = asic_->egress_queued_bytes(best);
    for (int i = 1; i < n; ++i) {
        const int port = ports[(start + i) % n];
        const int64_t b = asic_->egress_queued_bytes(port);
        if (b < best_bytes) {
            best = port;
            best_bytes = b;
        }
    }
    return best;
}

void FabricRouting::no_such_host(const Packet& p) const {
    throw ModelInconsistency("fabric routing: frame for host " + std::to_string(p.dst_host) + " of " +
                             std::to_string(topology_.hosts));
}

ForwardingDecision FabricRouting::decide(const Packet& p) {
    if (p.dst_host >= static_cast<uint32_t>(topology_.hosts)) no_such_host(p);
    int n = 0;
    const uint16_t* hops = topology_.next_hops(switch_, static_cast<int>(p.dst_host), n);
    ForwardingDecision d;
    d.traffic_class = p.traffic_class;
    d.latency_cycles = latency_cycles_;
    if (n == 1) {
        d.egress_port = hops[0];
        return d;
    }
    switch (lb_) {
        case LoadBalancing::ecmp: d.egress_port = hops[index_below(mix(flow_key(p) ^ seed_), n)]; break;
        case LoadBalancing::spray_rr: {
            const size_t t = static_cast<size_t>(topology_.host_port[p.dst_host].index);
            d.egress_port = hops[index_below(round_robin_[t]++, n)];
            break;
        }
        case LoadBalancing::spray_random: d.egress_port = hops[rng_.below(static_cast<uint32_t>(n))]; break;
        case LoadBalancing::adaptive: d.egress_port = static_cast<uint16_t>(least_queued(hops, n)); break;
        case LoadBalancing::flowlet: {
            Flowlet& f = flowlets_[flow_key(p)];
            const TimePs now = p.t_ingress_first_bit;
            if (f.last == 0 || now - f.last >= flowlet_gap_ps_) f.port = static_cast<uint16_t>(least_queued(hops, n));
            f.last = now;
            d.egress_port = f.port;
            break;
        }
    }
    return d;
}

}  // namespace cposim
