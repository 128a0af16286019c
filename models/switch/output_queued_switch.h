// Output-queued shared-memory switch: N ingress ports, a forwarding pipeline, a finite
// shared buffer with tail drop, one FIFO per egress port, N egress ports at line rate.
//
// Timing (store-and-forward): a frame whose first bit reaches ingress at t is admitted at
//   t + wire time + pipeline latency (pipeline cycles / core clock),
// waits in its output queue, and leaves at line rate; the buffer is freed when its last
// bit has left. Ingress and egress are TLM-2.0 sockets carrying PacketExtension payloads
// with annotated (temporally decoupled) time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "drop_reason.h"
#include "energy_meter.h"
#include "event_calendar.h"
#include "forwarding_pipeline.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "parameters.h"
#include "vcd_writer.h"

namespace cposim {

struct SwitchConfig {
    int ports = 0;
    double port_speed_gbps = 0;   ///< line rate of every port
    double buffer_bytes = 0;      ///< shared packet buffer
    double core_clock_ghz = 0;    ///< switch core clock
    double core_static_w = 0;     ///< core static power
    double core_pj_per_bit = 0;   ///< core dynamic energy per forwarded bit

    static void declare_parameters(ParameterRegistry& r);
    static SwitchConfig from(const ParameterSet& p);
};

struct SwitchCounters {
    int64_t admitted = 0;
    int64_t transmitted = 0;
    DropCounters dropped{};
    double buffer_max_bytes = 0;
};

class OutputQueuedSwitch : public sc_core::sc_module {
public:
    using IngressSocket = tlm_utils::simple_target_socket_tagged<OutputQueuedSwitch>;
    using EgressSocket = tlm_utils::simple_initiator_socket<OutputQueuedSwitch>;
    std::vector<std::unique_ptr<IngressSocket>> ingress;  ///< one per port, from the link
    std::vector<std::unique_ptr<EgressSocket>> egress;    ///< one per port, to the link

    /// quantum: temporal-decoupling window; end: simulated end time; warmup: start of the
    /// measurement window. tracer may be null (no waves).
    OutputQueuedSwitch(sc_core::sc_module_name name, const SwitchConfig& config,
                       ForwardingPipeline& pipeline, PacketPool& pool, TimePs quantum,
                       TimePs end, TimePs warmup, VcdWriter* tracer);

    const SwitchCounters& counters() const { return counters_; }
    const EnergyMeter& core_energy() const { return core_energy_; }
    int64_t queued_packets() const;
    int64_t events() const { return events_; }

private:
    SC_HAS_PROCESS(OutputQueuedSwitch);
    void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void run();
    void process_until(TimePs limit);
    void admit(TimePs t, int ingress_port);
    void start_transmission(TimePs t, int port);
    void finish_transmission(TimePs t, int port, uint32_t bytes);
    void drop(TimePs t, Packet* p, DropReason reason);

    struct Output {
        PacketFifo queue;
        double queued_bytes = 0;
        bool busy = false;
        int64_t drops = 0;
        int vcd_queue = -1, vcd_busy = -1, vcd_drops = -1;
    };

    SwitchConfig config_;
    ForwardingPipeline& pipeline_;
    PacketPool& pool_;
    TimePs quantum_, end_, warmup_;
    double cycle_ps_;
    std::vector<Output> outputs_;
    std::vector<PacketFifo> in_pipeline_;  // per ingress port, ordered by admission time
    std::vector<PacketPayload> payloads_;  // one reusable TLM payload per egress socket
    EventCalendar calendar_;
    TimePs processed_until_ = 0;  // every event before this time has run
    double buffer_used_bytes_ = 0;
    SwitchCounters counters_;
    EnergyMeter core_energy_;
    VcdWriter* tracer_;
    int vcd_buffer_ = -1;
    int64_t events_ = 0;
};

}  // namespace cposim
