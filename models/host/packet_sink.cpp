#include "packet_sink.h"

#include "errors.h"

namespace cposim {

PacketSink::PacketSink(sc_core::sc_module_name name, int port, PacketPool& pool, TimePs end,
                       TimePs warmup, LatencyHistogram& queueing,
                       std::vector<LatencyHistogram>& latency_by_class)
    : sc_module(name), in("in"), port_(port), pool_(pool), end_(end), warmup_(warmup),
      queueing_(queueing), latency_by_class_(latency_by_class) {
    in.register_b_transport(this, &PacketSink::b_transport);
}

PacketSink::~PacketSink() {
    for (Packet* p : beyond_end_) pool_.release(p);
}

void PacketSink::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* p = packet_of(gp);
    if (!p) throw ModelInconsistency(std::string(name()) + ": payload without a packet");
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    const TimePs shift = train_shift(*p, delay);
    while (p) {
        Packet* next = p->next;
        if (next) __builtin_prefetch(next);  // frames left the switch a while ago: cold
        receive(p, p->t_sent + shift);
        p = next;
    }
}

void PacketSink::receive(Packet* p, TimePs first_bit_here) {
    if (p->egress_port != port_)
        throw ModelInconsistency(std::string(name()) + ": received a packet for another port");
    if (first_bit_here + p->wire_ps > end_) {  // its last bit arrives after the run
        beyond_end_.push_back(p);
        return;
    }
    if (p->bad_crc) {  // the receiver's CRC check fails: not delivered
        ++counters_.bad_crc;
        ++counters_.bad_crc_by_reason[p->drop_reason % drop_reason_count];
        ++counters_.bad_crc_by_class[p->traffic_class & 7];
        pool_.release(p);
        return;
    }
    ++counters_.delivered;
    counters_.ecn_marked += p->ecn_marked;
    if (p->t_ingress_first_bit >= warmup_) {
        latency_by_class_[p->traffic_class].add(p->egress_last_bit() - p->t_ingress_first_bit);
        queueing_.add(p->t_sent - p->t_enqueue);  // t_sent: its transmission began
    }
    const TimePs last_bit_out = p->egress_last_bit();
    if (last_bit_out > warmup_ && last_bit_out <= end_) {
        ++counters_.window_delivered;
        ++counters_.window_delivered_by_class[p->traffic_class];
        counters_.window_bytes_by_class[p->traffic_class] += p->bytes;
        counters_.window_bytes += p->bytes;
        counters_.window_wire_ps += p->wire_ps;
    }
    pool_.release(p);
}

}  // namespace cposim
