#include "bernoulli_source.h"

#include <algorithm>
#include <cmath>

#include "process_errors.h"

namespace cposim {

void TrafficConfig::declare_parameters(ParameterRegistry& r) {
    r.add_choice("traffic.pattern", "uniform", {"uniform"},
                 "destination pattern: uniform = every port equally likely");
    r.add_real("traffic.load", Dimension::none, "", 0.7, 0, 1,
               "offered load per source, fraction of the port line rate (Bernoulli per slot)");
    r.add_integer("traffic.packet_bytes", 512, 64, 9216,
                  "frame size in bytes, destination MAC to FCS (wire adds 20 B preamble+IFG)");
}

TrafficConfig TrafficConfig::from(const ParameterSet& p) {
    TrafficConfig t;
    t.load = p.real("traffic.load");
    t.packet_bytes = static_cast<uint32_t>(p.integer("traffic.packet_bytes"));
    return t;
}

BernoulliSource::BernoulliSource(sc_core::sc_module_name name, int port, int ports,
                                 double port_speed_gbps, const TrafficConfig& traffic,
                                 uint64_t seed, PacketPool& pool, TimePs quantum, TimePs end,
                                 TimePs warmup)
    : sc_module(name), out("out"), port_(port), ports_(ports), traffic_(traffic),
      slot_ps_(wire_time_ps_rounded(traffic.packet_bytes, port_speed_gbps)),
      log1m_load_(std::log1p(-std::min(traffic.load, 1.0 - 1e-16))),
      rng_(seed, static_cast<uint64_t>(port) + 1), pool_(pool), quantum_(quantum), end_(end),
      warmup_(warmup) {
    if (traffic_.load > 0) next_slot_ = rng_.geometric_gap(traffic_.load, log1m_load_);
    SC_THREAD(run);
}

void BernoulliSource::run() {
    if (traffic_.load <= 0) return;
    run_guarded([this] {
        const sc_core::sc_time quantum = ps_to_sc(quantum_);
        while (true) {
            ++activations_;
            const TimePs now = sc_to_ps(sc_core::sc_time_stamp());
            const TimePs limit = std::min(now + quantum_, end_);
            while (next_slot_ * slot_ps_ < limit) {
                emit(next_slot_ * slot_ps_);
                next_slot_ += 1 + rng_.geometric_gap(traffic_.load, log1m_load_);
            }
            if (limit >= end_) return;
            wait(quantum);
        }
    });
}

void BernoulliSource::emit(TimePs start) {
    Packet* p = pool_.acquire();
    p->id = (static_cast<uint64_t>(port_) << 40) | next_id_++;
    p->bytes = traffic_.packet_bytes;
    p->wire_ps = slot_ps_;
    p->src_port = static_cast<uint16_t>(port_);
    p->dst_port = static_cast<uint16_t>(rng_.below(static_cast<uint32_t>(ports_)));
    ++counters_.injected;
    if (start >= warmup_) {
        ++counters_.window_injected;
        counters_.window_wire_ps += slot_ps_;
    }
    sc_core::sc_time delay = ps_to_sc(start) - sc_core::sc_time_stamp();
    out->b_transport(payload_.wrap(p), delay);
}

}  // namespace cposim
