#include "generated_source.h"

#include <algorithm>
#include <cmath>

#include "units.h"

namespace cposim {

GeneratedSource::GeneratedSource(const TrafficConfig& traffic, int ports, double port_speed_gbps, uint64_t seed,
                                 PacketPool& pool, TimePs warmup)
    : traffic_(traffic), port_count_(ports), rate_gbps_(port_speed_gbps), sizes_(traffic.sizes, traffic.packet_bytes),
      pattern_(traffic, ports, seed), slot_ps_(wire_time_ps(sizes_.mean_bytes(), port_speed_gbps)),
      slot_int_ps_(std::max<TimePs>(1, static_cast<TimePs>(slot_ps_ + 0.5))), arrival_gaps_(traffic.load),
      pool_(pool), warmup_(warmup) {
    ports_.reserve(static_cast<size_t>(ports));
    for (int i = 0; i < ports; ++i) {
        ports_.emplace_back(Random(seed, static_cast<uint64_t>(i) + 1));
        Port& p = ports_.back();
        p.active = traffic.load > 0 && pattern_.active(i);
        if (!p.active) continue;
        switch (traffic.arrival) {
            case Arrival::bernoulli:
                p.next_slot = arrival_gaps_(p.rng);
                break;
            case Arrival::poisson:
                p.next_arrival_ps = -std::log(p.rng.uniform_open0()) * slot_ps_ / traffic.load;
                break;
            case Arrival::onoff:
                p.next_slot = 0;
                p.burst_left = 0;
                break;
        }
    }
}

double GeneratedSource::frames_per_ps() const {
    return port_count_ * std::max(traffic_.load, 0.01) / wire_time_ps(sizes_.mean_bytes(), rate_gbps_);
}

int64_t GeneratedSource::most_frames(TimePs window) const {
    if (traffic_.arrival == Arrival::poisson) return INT64_MAX;
    return window / slot_int_ps_ + 1;  // Bernoulli and on-off: at most one frame per slot
}

TimePs GeneratedSource::create_until(int port, TimePs limit, PartnerQueues& queues) {
    Port& p = ports_[static_cast<size_t>(port)];
    switch (traffic_.arrival) {
        case Arrival::bernoulli:
            while (p.next_slot * slot_int_ps_ < limit) {
                create_frame(port, p, p.next_slot * slot_int_ps_, queues);
                p.next_slot += 1 + arrival_gaps_(p.rng);
            }
            return p.next_slot * slot_int_ps_;
        case Arrival::poisson:
            while (p.next_arrival_ps < static_cast<double>(limit)) {
                create_frame(port, p, static_cast<TimePs>(p.next_arrival_ps), queues);
                p.next_arrival_ps += -std::log(p.rng.uniform_open0()) * slot_ps_ / traffic_.load;
            }
            // (floor: a frame at 5.5 ps is made by a limit of 6)
            return p.next_arrival_ps < 0x1.0p62 ? static_cast<TimePs>(std::floor(p.next_arrival_ps)) : INT64_MAX;
        case Arrival::onoff:
            // Bursts of geometric length (mean B) separated by geometric idle gaps with mean
            // B (1 - load) / load slots, so the long-run load is `load`.
            while (p.next_slot * slot_int_ps_ < limit) {
                if (p.burst_left == 0) {
                    const double b = traffic_.burst_packets;
                    p.burst_left = 1 + p.rng.geometric_gap(1.0 / b, std::log1p(-1.0 / b));
                    p.burst_destination = pattern_.choose(port, p.rng);
                    if (traffic_.load < 1.0) {
                        const double mean_gap = b * (1.0 - traffic_.load) / traffic_.load;
                        const double q = 1.0 / (1.0 + mean_gap);  // geometric with this mean
                        p.next_slot += p.rng.geometric_gap(q, std::log1p(-q));
                        if (p.next_slot * slot_int_ps_ >= limit) break;
                    }
                }
                create_frame(port, p, p.next_slot * slot_int_ps_, queues);
                --p.burst_left;
                ++p.next_slot;
            }
            return p.next_slot * slot_int_ps_;  // no sooner (a burst's gap is drawn when it starts)
    }
    return limit;
}

void GeneratedSource::create_frame(int port, Port& p, TimePs t, PartnerQueues& queues) {
    Packet* f = pool_.acquire();
    f->id = (static_cast<uint64_t>(port) << 40) | p.next_id++;
    f->bytes = sizes_.sample(p.rng);
    if (f->bytes != last_bytes_) {  // the conversion is the same for every frame of a size
        last_bytes_ = f->bytes;
        last_wire_ps_ = wire_time_ps_rounded(f->bytes, rate_gbps_);
    }
    f->wire_ps = last_wire_ps_;
    f->src_port = static_cast<uint16_t>(port);
    f->dst_port = static_cast<uint16_t>(traffic_.arrival == Arrival::onoff ? p.burst_destination
                                                                          : pattern_.choose(port, p.rng));
    f->traffic_class = static_cast<uint8_t>(
        traffic_.classes > 1 ? p.rng.below(static_cast<uint32_t>(traffic_.classes)) : 0);
    f->broadcast = traffic_.broadcast_fraction > 0 && p.rng.uniform_open0() <= traffic_.broadcast_fraction;
    f->t_created = t;
    if (!queues.enqueue(f, t, warmup_)) pool_.release(f);
}

}  // namespace cposim
