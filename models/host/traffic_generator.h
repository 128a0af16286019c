// The link partners' transmitters, one per switch port, in one module (run a window at a
// time for all ports by the scenario's process: the kernel's cost per packet stays low).
//
// Each partner's frames come from the run's FrameSource (generated traffic or a replayed
// capture) into per-class queues; the partner sends them on its link one at a time at line
// rate, oldest first among the classes that are not paused. PFC frames from the switch (pause_in) pause and resume classes from the
// moment their last bit arrives, as IEEE 802.1Qbb specifies; a frame already on the wire
// completes.
//
// Temporal decoupling: at the start of each window (DecouplingWindows) the generator commits
// every frame that starts within it. A pause can only act on frames not yet committed, so
// with PFC no window may end after a pause sent inside it arrives: the switch sets each
// window's end so, and a late pause is reported as a model inconsistency.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "decoupling_windows.h"
#include "frame_source.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "report.h"
#include "windowed_model.h"

namespace cposim {

class TrafficGenerator : public sc_core::sc_module, public StatsProvider, public WindowedModel {
public:
    using OutSocket = tlm_utils::simple_initiator_socket_tagged<TrafficGenerator>;
    using PauseSocket = tlm_utils::simple_target_socket_tagged<TrafficGenerator>;
    std::vector<std::unique_ptr<OutSocket>> out;        ///< port i's partner -> its link
    std::vector<std::unique_ptr<PauseSocket>> pause_in; ///< PFC frames for port i's partner

    /// source: where the frames come from (kept by the caller for the whole run);
    /// queue_frames: frames a partner holds per class (traffic.source_queue_frames).
    TrafficGenerator(sc_core::sc_module_name name, int ports, double port_speed_gbps, FrameSource& source,
                     int64_t queue_frames, PacketPool& pool, DecouplingWindows& windows, TimePs end, TimePs warmup);

    void finish();  // after the simulation: pauses still open count up to the run's end
    const SourceCounters& counters(int port) const { return ports_[static_cast<size_t>(port)].q.counters; }
    int64_t queued_at_sources() const;
    // Creates the window's frames and commits those that start inside it; INT64_MAX after the last.
    TimePs run_window(TimePs now) override;
    // packets.injected, .in_flight_at_sources; throughput.offered_load; pfc frames received
    // and time paused; per port the same; the source's own fields.
    void write_stats(Report& report) const override;

private:
    struct PauseChange {
        TimePs t;         // last bit of the PFC frame received
        uint8_t classes;  // class-enable vector
        TimePs pause_ps;  // 0 resumes
    };
    struct Partner {
        bool active = true;
        PartnerQueues q;             // frames not yet sent, per class; counters
        TimePs link_free = 0;        // the partner's transmitter is idle from here on
        TimePs committed = 0;        // frames starting before this are already sent
        TimePs no_frame_before = 0;  // its source makes no frame before this (FrameSource::create_until)
        std::deque<PauseChange> pending;  // pause changes not yet applied, in time order
        TimePs pause_from[8] = {};
        TimePs paused_until[8] = {};
    };

    // transmit() up to `to` if the link is free before it and frames wait; else only commits.
    void send_until(Partner& p, TimePs to, PacketFifo& train);
    // The frames that start before `limit` (the link is free before it and frames wait),
    // onto `train`.
    void transmit(Partner& p, TimePs limit, PacketFifo& train);
    bool may_hold_back(const Partner& p, int64_t most) const;
    void send_head(Partner& p, int cls, TimePs start, PacketFifo& train);
    TimePs earliest_start(const Partner& p, int cls, TimePs s) const;
    void apply_pauses(Partner& p, TimePs upto);
    void close_pause_interval(Partner& p, int cls, TimePs at);
    void pause_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    int port_count_;
    double rate_gbps_;
    FrameSource& source_;
    int classes_;  // the source's traffic classes
    PacketPool& pool_;
    std::vector<PacketPayload> payloads_;
    std::vector<Partner> ports_;
    DecouplingWindows& windows_;
    TimePs end_, warmup_;
    TimePs now_ps_ = 0;  // start of the current window
};

}  // namespace cposim
