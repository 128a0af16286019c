#include "packet_sink.h"

#include <string>

#include "errors.h"
#include "run_control.h"

namespace cposim {

PacketSinks::PacketSinks(sc_core::sc_module_name name, int ports, PacketPool& pool, TimePs end, TimePs warmup)
    : sc_module(name), pool_(pool), end_(end), warmup_(warmup), latency_by_class_(8),
      counters_(static_cast<size_t>(ports)) {
    for (int i = 0; i < ports; ++i) {
        in.emplace_back(new InSocket(("in_" + std::to_string(i)).c_str()));
        in.back()->register_b_transport(this, &PacketSinks::b_transport, i);
    }
}

PacketSinks::~PacketSinks() {
    for (Packet* p : beyond_end_) pool_.release(p);
}

void PacketSinks::b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* p = train_of(gp, *this);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    const TimePs shift = train_shift(*p, delay);
    const TimePs end = run_control::effective_end(end_);  // a run stopped early ends sooner
    while (p) {
        Packet* next = p->next;
        if (next) __builtin_prefetch(next);  // frames left the switch a while ago: cold
        receive(port, p, p->t_sent + shift, end);
        p = next;
    }
}

void PacketSinks::wrong_port(const Packet& p, int port) const {
    throw ModelInconsistency(std::string(name()) + ": received on port " + std::to_string(port) + " a packet for port " +
                             std::to_string(p.egress_port));
}

void PacketSinks::receive(int port, Packet* p, TimePs first_bit_here, TimePs end) {
    if (p->egress_port != port) wrong_port(*p, port);
    if (first_bit_here + p->wire_ps > end) {  // its last bit arrives after the run
        beyond_end_.push_back(p);
        return;
    }
    SinkCounters& c = counters_[static_cast<size_t>(port)];
    if (p->bad_crc) {  // the receiver's CRC check fails: not delivered
        crc_drop(port, p, first_bit_here);
        return;
    }
    ++c.delivered;
    c.ecn_marked += p->ecn_marked;
    if (p->t_ingress_first_bit >= warmup_) {
        latency_by_class_[p->traffic_class].add(p->egress_last_bit() - p->t_ingress_first_bit);
        queueing_.add(p->t_sent - p->t_enqueue);  // t_sent: its transmission began
    }
    const TimePs last_bit_out = p->egress_last_bit();
    if (last_bit_out > warmup_ && last_bit_out <= end) {
        ++c.window_delivered;
        ++c.window_delivered_by_class[p->traffic_class];
        c.window_bytes_by_class[p->traffic_class] += p->bytes;
        c.window_bytes += p->bytes;
        c.window_wire_ps += p->wire_ps;
    }
    pool_.release(p);
}

void PacketSinks::crc_drop(int port, Packet* p, TimePs first_bit_here) {
    SinkCounters& c = counters_[static_cast<size_t>(port)];
    if (recorder_) recorder_->dropped(*p, first_bit_here + p->wire_ps, static_cast<DropReason>(p->drop_reason), port);
    ++c.bad_crc;
    ++c.bad_crc_by_reason[p->drop_reason % drop_reason_count];
    ++c.bad_crc_by_class[p->traffic_class & 7];
    pool_.release(p);
}

namespace {
nlohmann::json latency_summary(const LatencyHistogram& h) {
    auto ns = [](double ps) { return ps * 1e-3; };
    return nlohmann::json{
        {"samples", h.count()},
        {"min", ns(static_cast<double>(h.min()))},
        {"mean", ns(h.mean())},
        {"p50", ns(h.quantile(0.50))},
        {"p99", ns(h.quantile(0.99))},
        {"p999", ns(h.quantile(0.999))},
        {"max", ns(static_cast<double>(h.max()))},
    };
}
}  // namespace

void PacketSinks::write_stats(Report& report) const {
    const double window_ps = static_cast<double>(run_control::effective_end(end_) - warmup_);
    const double window_s = window_ps * 1e-12;
    int64_t delivered = 0, window_delivered = 0, window_bytes = 0, window_wire_ps = 0;
    DropCounters bad_crc{};
    std::array<int64_t, 8> class_packets{}, class_bytes{}, class_drops{};
    for (size_t i = 0; i < counters_.size(); ++i) {
        const SinkCounters& c = counters_[i];
        delivered += c.delivered;
        window_delivered += c.window_delivered;
        window_bytes += c.window_bytes;
        window_wire_ps += c.window_wire_ps;
        for (size_t r = 0; r < drop_reason_count; ++r) bad_crc[r] += c.bad_crc_by_reason[r];
        for (size_t k = 0; k < 8; ++k) {
            class_drops[k] += c.bad_crc_by_class[k];
            class_packets[k] += c.window_delivered_by_class[k];
            class_bytes[k] += c.window_bytes_by_class[k];
        }
        nlohmann::json& port = report.port(static_cast<int>(i));
        port["accepted_load"] = static_cast<double>(c.window_wire_ps) / window_ps;
        port["delivered_gbps"] = static_cast<double>(c.window_bytes) * 8.0 / window_s * 1e-9;
    }
    report.add("packets.delivered", delivered);
    for (size_t r = 0; r < drop_reason_count; ++r)
        report.add(std::string("packets.dropped.") + drop_reason_name(static_cast<DropReason>(r)), bad_crc[r]);
    for (size_t k = 0; k < 8; ++k)
        if (class_drops[k] > 0) report.add("packets.dropped_by_class." + std::to_string(k), class_drops[k]);
    const double capacity_ps = window_ps * static_cast<double>(counters_.size());
    report.set("throughput.accepted_load", static_cast<double>(window_wire_ps) / capacity_ps);
    report.set("throughput.delivered_bytes", window_bytes);
    report.set("throughput.delivered_gbps", static_cast<double>(window_bytes) * 8.0 / window_s * 1e-9);
    report.set("throughput.delivered_mpps", static_cast<double>(window_delivered) / window_s * 1e-6);
    report.set("throughput_by_class", nlohmann::json::object());
    for (size_t k = 0; k < 8; ++k)
        if (class_packets[k] > 0)
            report.set("throughput_by_class." + std::to_string(k),
                       {{"delivered_packets", class_packets[k]},
                        {"delivered_gbps", static_cast<double>(class_bytes[k]) * 8.0 / window_s * 1e-9}});
    LatencyHistogram latency;
    for (const auto& h : latency_by_class_) latency.merge(h);
    report.set("latency_ns", latency_summary(latency));
    report.set("latency_ns.queueing_mean", queueing_.mean() * 1e-3);
    report.set("latency_ns.queueing_p99", queueing_.quantile(0.99) * 1e-3);
    report.set("latency_ns_by_class", nlohmann::json::object());
    for (size_t k = 0; k < 8; ++k)
        if (latency_by_class_[k].count() > 0)
            report.set("latency_ns_by_class." + std::to_string(k), latency_summary(latency_by_class_[k]));
}

}  // namespace cposim
