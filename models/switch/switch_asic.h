// The switch ASIC: N ingress ports, the forwarding pipeline, a cell-based shared buffer,
// one of three queueing architectures, egress scheduling over 8 traffic classes, PFC and
// ECN, N egress ports at line rate.
//
// Timing (store-and-forward unless switch.cut_through): a frame whose first bit reaches
// ingress at t is admitted at t + wire time (cut-through: the first 64 bytes) + pipeline
// latency (pipeline cycles / core clock). Then, by switch.queueing:
//   output      straight into its egress queue;
//   voq_islip   into the virtual output queue (ingress, egress); an iSLIP-scheduled
//               crossbar moves one cell per input and output per matching, `speedup`
//               matchings per cell slot; the frame joins its egress queue when its last cell
//               has crossed;
//   input_fifo  into its ingress FIFO; only head-of-line frames contend for the crossbar.
// Egress ports send PFC frames first, then data frames chosen by the class scheduler; a
// frame's buffer is freed when its last bit has left. Ingress and egress are TLM-2.0
// sockets carrying PacketExtension payloads with annotated (temporally decoupled) time; each
// port's PHY (a module of its own, models/phy/port_phy.h) sits between the switch and the
// fibre, and tells the switch of link changes through LinkStatusIf. The switch holds no PHY:
// frames the PHY marked lost (drop_pending) are dropped when they would have been admitted,
// and the MAC discards what it would send on a down link.
#pragma once

#include <cmath>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "clocked_pipelines.h"
#include "decoupling_windows.h"
#include "drop_reason.h"
#include "egress_port.h"
#include "energy_meter.h"
#include "event_calendar.h"
#include "forwarding_pipeline.h"
#include "frame_recorder.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "pfc_controller.h"
#include "queueing_fabric.h"
#include "link_states.h"
#include "link_status.h"
#include "random.h"
#include "report.h"
#include "shared_buffer.h"
#include "switch_probes.h"
#include "switch_config.h"
#include "time_series.h"
#include "windowed_model.h"
#include "vcd_writer.h"
#include "warm_path.h"

namespace cposim {

struct SwitchCounters {
    int64_t admitted = 0;
    int64_t replicated = 0;  ///< extra copies made for flood/multicast decisions
    int64_t transmitted = 0;
    int64_t transmitted_bytes = 0;
    DropCounters dropped{};
    std::array<int64_t, traffic_class_count> dropped_by_class{};
    int64_t ecn_marked = 0;
    int64_t pfc_frames_created = 0;
    int64_t buffer_max_cells = 0;
    double buffer_cell_ps_in_window = 0;  // integral of occupied cells over the window
};

struct SwitchPortCounters {
    int64_t drops = 0;          ///< frames for this egress port dropped
    int64_t pause_frames_sent = 0;
    int64_t ecn_marked = 0;
    int64_t transmitted_bytes = 0;  ///< data frames' bytes sent, the whole run (fabric link utilisation)
};

class SwitchAsic : public sc_core::sc_module,
                   public LinkStatusIf,
                   public StatsProvider,
                   public WindowedModel,
                   private EgressQueues,
                   private PauseSender {
public:
    using IngressSocket = tlm_utils::simple_target_socket_tagged<SwitchAsic>;
    using EgressSocket = tlm_utils::simple_initiator_socket<SwitchAsic>;
    std::vector<std::unique_ptr<IngressSocket>> ingress;  ///< one per port, from the link
    std::vector<std::unique_ptr<EgressSocket>> egress;    ///< one per port, to the link
    std::vector<std::unique_ptr<EgressSocket>> pause_out; ///< PFC frames, to the port's partner
    /// PFC frames from the port's partner (a fabric's switches and hosts): they pause the
    /// port's egress classes (IEEE 802.1Qbb: a class pauses from the frame's last bit for its
    /// quanta of 512 bit times, a frame on the wire completes). Made when
    /// config.receives_pauses; a single switch's partners send none.
    std::vector<std::unique_ptr<IngressSocket>> pause_in;

    /// windows: the temporal-decoupling windows (fixed, or set by this switch with PFC); end: simulated end time; warmup: start of the
    /// measurement window; waves may be null (none).
    /// pipelines: one unclocked pipeline (decides for every port at once), or
    /// config.pipelines clocked ones (ClockedPipelines).
    SwitchAsic(sc_core::sc_module_name name, const SwitchConfig& config,
               std::vector<ForwardingPipeline*> pipelines, PacketPool& pool, DecouplingWindows& windows, TimePs end,
               TimePs warmup, uint64_t seed, VcdWriter* waves);

    // LinkStatusIf: a port's PHY announces a change of its link.
    void link_changed(int port, TimePs at, bool up) override;
    // Drops by reason and class, flood copies, the buffer, ECN, PFC frames sent and the
    // headroom, the core's power; per port drops, ECN marks, PFC frames sent; its events.
    void write_stats(Report& report) const override;

    const SwitchConfig& config() const { return config_; }
    const SwitchCounters& counters() const { return counters_; }
    const SwitchPortCounters& port_counters(int port) const { return port_counters_[static_cast<size_t>(port)]; }
    const SharedBuffer& buffer() const { return buffer_; }
    const QueueingFabric& fabric() const { return *fabric_; }
    const EnergyMeter& core_energy() const { return core_energy_; }
    int64_t events() const { return events_; }
    // The pipeline's latency where every frame takes the same (a fabric's routing decides
    // at admission), else 0: a frame arriving at the MAC is admitted no sooner than this
    // later, so a fabric may run the switch in windows that much longer than its links' delay.
    TimePs fixed_pipeline_latency_ps() const {
        return decides_at_admission_ ? static_cast<TimePs>(std::llround(pipeline_.latency_cycles() * cycle_ps_)) : 0;
    }
    /// Bytes waiting in egress port `port`'s queues (adaptive routing looks at them).
    int64_t egress_queued_bytes(int port) const { return egress_ports_[static_cast<size_t>(port)].bytes(); }
    /// The switch's columns of `series` (SwitchProbes), whose sample points the switch's
    /// events then drive. Call before the simulation starts.
    void sample_into(TimeSeries& series);
    /// Every frame the switch starts sending and every frame it drops goes to `recorder`
    /// (captures); null: none. Call before the simulation starts.
    void record_into(FrameRecorder* recorder) { recorder_ = recorder; }
    int64_t pause_frames_received() const { return pause_frames_received_; }
    /// The most copies one arriving frame can make (flooding): with varying windows, how
    /// fast an ingress group can fill. Default: one for every port.
    void set_max_copies(int copies) { max_copies_ = copies; }

    /// One window from `now` (a fabric's SwitchDriver runs its switches so, in one process;
    /// a switch alone runs in its scenario's process after its partners): when to run the
    /// next, INT64_MAX once the run is over for it. A fabric switch may sleep till then: a
    /// frame or a pause that comes before calls the waker (set_waker) with the start of the
    /// window that holds the event it brings, to run it then if that is sooner.
    TimePs run_window(TimePs now) final;
    void set_waker(std::function<void(TimePs)> wake) { wake_ = std::move(wake); }
    void count_activation() { ++events_; }  // its share of sim.events: one per window run

private:
    void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    // One frame of an ingress train; returns its admission time (a clocked pipeline's: its
    // arrival, as its clock edge is not known yet).
    [[gnu::always_inline]] inline TimePs receive(int port, Packet* p, TimePs first_bit);
    void wake_if_sleeping(TimePs event);  // a frame or a pause came, its event in the calendar: a sleeper may run sooner
    TimePs window_holding(TimePs t) const;  // a sleeper's window that holds time t (the run's end at the latest)
    void finish_run();  // the run is over: what was still open counts up to its end
    void process_until(TimePs limit);
    void start_of_simulation() override;  // gathers each egress port's warm path
    unsigned ingress_path(int port, tlm::tlm_generic_payload& gp);  // the end of a link's warm path

    [[gnu::always_inline]] inline void on_ingress_done(TimePs t, int ingress_port);  // inlined in process_until, its one call
    void apply(Packet* p, const ForwardingDecision& d);  // the pipeline's decision, to the frame
    // Out of line, so that the hot paths save no registers for building their messages.
    [[noreturn, gnu::cold, gnu::noinline]] void no_such_egress_port(uint32_t port) const;
    [[noreturn, gnu::cold, gnu::noinline]] void frame_inconsistent(const Packet& p, int port, const char* what) const;
    [[gnu::always_inline]] inline void admit(TimePs t, Packet* p, int ingress_port);
    void to_egress_queue(TimePs t, Packet* p) override;  // EgressQueues: from the fabric
    void start_transmission(TimePs t, int port);
    // start_transmission's rarer cases, out of line.
    [[gnu::noinline]] void send_pfc_frame(TimePs t, int port);
    [[gnu::noinline]] Packet* discard_while_down(TimePs t, int port, Packet* p);  // the next frame, if the link came up
    [[gnu::noinline]] void go_idle(TimePs t, int port);
    [[gnu::noinline]] void probe_port(TimePs t, int port, bool busy);
    [[gnu::always_inline]] inline void on_tx_done(TimePs t, int port);  // inlined in process_until, its one call
    void send_pause(TimePs t, int port, int cls, uint16_t quanta) override;  // PauseSender: from the PFC
    void pause_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void on_pause_received(TimePs t, int port);
    void on_pause_expiry(TimePs t, int port, int cls);
    void accept_pauses();
    void drop(TimePs t, Packet* p, DropReason reason);
    [[gnu::always_inline]] inline void buffer_changed(TimePs t);
    // Varying windows: how long from the end of what it has processed the switch cannot
    // send a pause, whatever arrives: every group stays below XOFF, and the shared pool not
    // full, even if every frame in the pipelines were admitted now and every frame its
    // partners have not sent yet at line rate from unsent_admitted_from() on; with the
    // pool full, until the next lossless frame on a port not yet paused may be admitted.
    // 0 for any time under the shortest window (it gives the shortest window all the same).
    TimePs pause_free_ps() const;
    // From the window's end to a frame not yet sent being admitted, `cycles` of pipeline latency
    // after its arrival; unsent_...: with the pipeline's latency (a frame lost on the wire may
    // take less, but is never admitted into the buffer).
    TimePs admission_delay_ps(uint32_t cycles) const;
    TimePs unsent_admission_delay_ps() const { return admission_delay_ps(pipeline_.latency_cycles()); }
    TimePs unsent_admitted_from() const { return window_end_ + unsent_admission_delay_ps(); }
    // How far past the window's end the switch runs: up to where frames not sent yet could
    // be admitted (varying windows and an unclocked pipeline), else 0.
    TimePs lead_ps(TimePs limit) const;
    TimePs next_lossless_admission() const;    // the earliest a lossless frame may yet be admitted

    SwitchConfig config_;
    ForwardingPipeline& pipeline_;                // unclocked: decides at arrival ...
    bool decides_at_admission_ = false;           // ... or at admission (a fabric's routing)
    std::unique_ptr<ClockedPipelines> clocked_;   // clocked: decide at admission
    PacketPool& pool_;
    DecouplingWindows& windows_;
    TimePs end_, warmup_;
    double cycle_ps_;
    int max_copies_;
    double max_cells_per_ps_;  // one port at line rate with frames of the size that fills cells fastest
    int64_t early_frame_cells_;  // cut-through: the largest frame, admitted before its end
    SharedBuffer buffer_;
    Random rng_;  // ECN marking
    std::vector<EgressPort> egress_ports_;
    std::vector<PacketFifo> in_pipeline_;  // per ingress port, ordered by admission time
    std::vector<int64_t> pipeline_cells_;  // per ingress port: the cells of its frames in in_pipeline_
    std::vector<PacketFifo> egress_trains_;  // per egress port: frames started in this window
    std::vector<int> ports_with_trains_;
    WarmPaths egress_paths_;  // what each egress link's models read for a train (warm_path.h)
    std::vector<PacketPayload> payloads_, pause_payloads_;
    EventCalendar calendar_;
    TimePs processed_until_ = 0;  // every event before this time has run
    TimePs window_end_ = 0;       // the partners have sent every frame that starts before it
    TimePs now_ps_ = 0;           // SystemC time of the current activation
    uint64_t all_ports_mask_ = 0; // flood masks name ports 0..63; bits beyond the switch are ignored
    uint32_t cached_cycles_ = UINT32_MAX;
    TimePs cached_pipeline_ps_ = 0;

    std::unique_ptr<QueueingFabric> fabric_;  // admitted frames to the egress queues

    PfcController pfc_;

    SwitchCounters counters_;
    std::vector<SwitchPortCounters> port_counters_;
    TimePs buffer_changed_at_ = 0;
    int64_t last_used_cells_ = 0;  // buffer level since buffer_changed_at_
    EnergyMeter core_energy_;
    std::unique_ptr<SwitchProbes> probes_;  // waves; null: none
    LinkStates links_;
    struct ReceivedPause {
        TimePs t;          // its last bit arrived
        uint8_t classes;   // class-enable vector
        uint16_t quanta;   // 0 resumes
    };
    std::vector<std::deque<ReceivedPause>> pauses_received_;  // per port, in arrival order
    std::vector<TimePs> paused_until_;  // per (port, class): a received pause holds it until then
    std::vector<TimePs> paused_since_;  // per (port, class): for the time paused
    int64_t pause_frames_received_ = 0;
    TimePs egress_paused_ps_ = 0;
    int64_t events_ = 0;
    bool sleeping_ = false;        // run_window said: until its next event or an earlier arrival...
    TimePs sleeps_until_ = 0;      // ...the window it is to run next
    std::function<void(TimePs)> wake_;  // an arrival while it sleeps: run the window that holds it
    TimeSeries* series_ = nullptr;
    FrameRecorder* recorder_ = nullptr;
};

}  // namespace cposim
