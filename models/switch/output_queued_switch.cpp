#include "output_queued_switch.h"

#include <algorithm>
#include <cmath>

#include "errors.h"
#include "process_errors.h"

namespace cposim {

void SwitchConfig::declare_parameters(ParameterRegistry& r) {
    r.add_integer("switch.ports", 64, 2, 1024, "number of switch ports");
    r.add_real("switch.port_speed", Dimension::data_rate, "Gb/s", 800, 1, 3200,
               "line rate of every port (MAC rate; 800G = 8 x 100G lanes)");
    r.add_choice("switch.queueing", "output", {"output"},
                 "queueing architecture: output = shared-memory output queueing");
    // Tomahawk 5 class: ~165 MB shared buffer (SONiC buffers_defaults for Arista 7060X6,
    // ../shared/reference/figures.md).
    r.add_real("switch.buffer_bytes", Dimension::data_size, "MB", 165, 0.001, 10000,
               "shared packet buffer, tail drop when full");
    // Assumed: core clocks of 51.2T switch ASICs are not published; ~1.25 GHz is typical of
    // 5 nm logic at switch-pipeline depths.
    r.add_real("switch.core_clock", Dimension::frequency, "GHz", 1.25, 0.1, 5,
               "switch core clock: pipeline latency counts in its cycles");
    // Assumed split of a ~450-500 W Tomahawk-5-class ASIC (TechInsights / Microprocessor
    // Report estimate): ~200 W static core, ~1.5 pJ/bit for lookups and buffer write+read
    // (77 W at 51.2 Tb/s), the rest in long-reach SerDes.
    r.add_real("power.core_static_w", Dimension::power, "W", 200, 0, 5000,
               "switch core static power (leakage, clock tree, SRAM retention)");
    r.add_real("power.core_pj_per_bit", Dimension::energy_per_bit, "pJ/bit", 1.5, 0, 1000,
               "switch core dynamic energy per forwarded bit (lookups, buffer write and read)");
}

SwitchConfig SwitchConfig::from(const ParameterSet& p) {
    SwitchConfig c;
    c.ports = static_cast<int>(p.integer("switch.ports"));
    c.port_speed_gbps = p.real("switch.port_speed");
    c.buffer_bytes = p.real("switch.buffer_bytes") * 1e6;
    c.core_clock_ghz = p.real("switch.core_clock");
    c.core_static_w = p.real("power.core_static_w");
    c.core_pj_per_bit = p.real("power.core_pj_per_bit");
    return c;
}

OutputQueuedSwitch::OutputQueuedSwitch(sc_core::sc_module_name name, const SwitchConfig& config,
                                       ForwardingPipeline& pipeline, PacketPool& pool,
                                       TimePs quantum, TimePs end, TimePs warmup,
                                       VcdWriter* tracer)
    : sc_module(name), config_(config), pipeline_(pipeline), pool_(pool), quantum_(quantum),
      end_(end), warmup_(warmup), cycle_ps_(1e3 / config.core_clock_ghz),
      outputs_(static_cast<size_t>(config.ports)), in_pipeline_(static_cast<size_t>(config.ports)),
      payloads_(static_cast<size_t>(config.ports)),
      core_energy_(config.core_static_w, warmup), tracer_(tracer) {
    for (int i = 0; i < config.ports; ++i) {
        const std::string n = std::to_string(i);
        ingress.emplace_back(new IngressSocket(("ingress_" + n).c_str()));
        ingress.back()->register_b_transport(this, &OutputQueuedSwitch::b_transport, i);
        egress.emplace_back(new EgressSocket(("egress_" + n).c_str()));
    }
    if (tracer_) {
        vcd_buffer_ = tracer_->add_variable("switch", "buffer_used_bytes", 40);
        for (int i = 0; i < config.ports; ++i) {
            const std::string scope = "switch.port" + std::to_string(i);
            auto& o = outputs_[static_cast<size_t>(i)];
            o.vcd_queue = tracer_->add_variable(scope, "queue_bytes", 32);
            o.vcd_busy = tracer_->add_variable(scope, "tx_busy", 1);
            o.vcd_drops = tracer_->add_variable(scope, "drops", 32);
        }
    }
    SC_THREAD(run);
}

int64_t OutputQueuedSwitch::queued_packets() const {
    int64_t n = 0;
    for (const auto& o : outputs_) n += o.queue.size();
    for (const auto& f : in_pipeline_) n += f.size();
    return n;
}

void OutputQueuedSwitch::b_transport(int port, tlm::tlm_generic_payload& gp,
                                     sc_core::sc_time& delay) {
    Packet* p = packet_of(gp);
    if (!p) throw ModelInconsistency(std::string(name()) + ": payload without a packet");
    const TimePs first_bit = sc_to_ps(sc_core::sc_time_stamp() + delay);
    p->t_ingress_first_bit = first_bit;
    const ForwardingDecision d = pipeline_.decide(*p);
    p->pipeline_drop = d.drop;
    p->pipeline_drop_reason = static_cast<uint8_t>(d.drop_reason);
    if (!d.drop && d.egress_port >= outputs_.size())
        throw ModelInconsistency(std::string(name()) + ": pipeline chose egress port " +
                                 std::to_string(d.egress_port) + " of " +
                                 std::to_string(outputs_.size()));
    p->egress_port = d.egress_port;
    p->traffic_class = d.traffic_class;
    const TimePs pipeline_ps = static_cast<TimePs>(std::llround(d.latency_cycles * cycle_ps_));
    const TimePs ready = first_bit + p->wire_ps + pipeline_ps;
    if (ready < processed_until_)
        throw ModelInconsistency(std::string(name()) + ": packet " + std::to_string(p->id) +
                                 " on port " + std::to_string(port) +
                                 " arrived in the past (temporal decoupling violated)");
    PacketFifo& fifo = in_pipeline_[static_cast<size_t>(port)];
    if (!fifo.empty() && ready < fifo.back()->t_enqueue)
        throw ModelInconsistency(std::string(name()) + ": pipeline reordered packets on port " +
                                 std::to_string(port));
    p->t_enqueue = ready;  // admission time, final once admitted
    if (fifo.empty())
        calendar_.push(ready, EventKind::ingress_done, static_cast<uint32_t>(port), 0);
    fifo.push(p);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void OutputQueuedSwitch::run() {
    run_guarded([this] {
        const sc_core::sc_time quantum = ps_to_sc(quantum_);
        while (true) {
            wait(sc_core::SC_ZERO_TIME);  // let every source deliver this quantum's packets first
            ++events_;
            const TimePs now = sc_to_ps(sc_core::sc_time_stamp());
            process_until(std::min(now + quantum_, end_));
            if (now + quantum_ >= end_) return;
            wait(quantum);
            ++events_;
        }
    });
}

void OutputQueuedSwitch::process_until(TimePs limit) {
    while (!calendar_.empty() && calendar_.top().t < limit) {
        const SwitchEvent e = calendar_.top();
        calendar_.pop();
        ++events_;
        if (e.kind() == EventKind::ingress_done)
            admit(e.t, static_cast<int>(e.port));
        else
            finish_transmission(e.t, static_cast<int>(e.port), e.bytes);
    }
    processed_until_ = limit;
}

void OutputQueuedSwitch::admit(TimePs t, int ingress_port) {
    PacketFifo& fifo = in_pipeline_[static_cast<size_t>(ingress_port)];
    Packet* p = fifo.pop();
    if (!fifo.empty())
        calendar_.push(fifo.front()->t_enqueue, EventKind::ingress_done,
                       static_cast<uint32_t>(ingress_port), 0);
    if (p->pipeline_drop) {
        drop(t, p, static_cast<DropReason>(p->pipeline_drop_reason));
        return;
    }
    if (buffer_used_bytes_ + p->bytes > config_.buffer_bytes) {
        drop(t, p, DropReason::buffer_full);
        return;
    }
    Output& o = outputs_[p->egress_port];
    buffer_used_bytes_ += p->bytes;
    counters_.buffer_max_bytes = std::max(counters_.buffer_max_bytes, buffer_used_bytes_);
    o.queued_bytes += p->bytes;
    o.queue.push(p);
    ++counters_.admitted;
    if (tracer_) {
        tracer_->change(vcd_buffer_, t, static_cast<uint64_t>(buffer_used_bytes_));
        tracer_->change(o.vcd_queue, t, static_cast<uint64_t>(o.queued_bytes));
    }
    if (!o.busy) start_transmission(t, p->egress_port);
}

void OutputQueuedSwitch::start_transmission(TimePs t, int port) {
    Output& o = outputs_[static_cast<size_t>(port)];
    Packet* p = o.queue.pop();
    o.busy = true;
    const TimePs wire = wire_time_ps_rounded(p->bytes, config_.port_speed_gbps);
    p->t_tx_start = t;
    p->t_egress_last_bit = t + wire;
    p->wire_ps = wire;
    const uint32_t bytes = p->bytes;
    if (tracer_) tracer_->change(o.vcd_busy, t, 1);
    calendar_.push(t + wire, EventKind::tx_done, static_cast<uint32_t>(port), bytes);
    // The packet now belongs to the egress link; only its size stays here until tx_done.
    sc_core::sc_time delay = ps_to_sc(t) - sc_core::sc_time_stamp();
    (*egress[static_cast<size_t>(port)])->b_transport(payloads_[static_cast<size_t>(port)].wrap(p), delay);
}

void OutputQueuedSwitch::finish_transmission(TimePs t, int port, uint32_t bytes) {
    Output& o = outputs_[static_cast<size_t>(port)];
    buffer_used_bytes_ -= bytes;
    o.queued_bytes -= bytes;
    o.busy = false;
    ++counters_.transmitted;
    core_energy_.add_dynamic_j(t, config_.core_pj_per_bit * 1e-12 * 8.0 * bytes);
    if (tracer_) {
        tracer_->change(vcd_buffer_, t, static_cast<uint64_t>(buffer_used_bytes_));
        tracer_->change(o.vcd_queue, t, static_cast<uint64_t>(o.queued_bytes));
        if (o.queue.empty()) tracer_->change(o.vcd_busy, t, 0);
    }
    if (!o.queue.empty()) start_transmission(t, port);
}

void OutputQueuedSwitch::drop(TimePs t, Packet* p, DropReason reason) {
    ++counters_.dropped[static_cast<size_t>(reason)];
    if (p->egress_port < outputs_.size()) {  // pipeline drops may have no egress port
        Output& o = outputs_[p->egress_port];
        ++o.drops;
        if (tracer_) tracer_->change(o.vcd_drops, t, static_cast<uint64_t>(o.drops));
    }
    pool_.release(p);
}

}  // namespace cposim
