// The link partners' transmitters, one per switch port, in one module (one SystemC process
// for all ports keeps the kernel's cost per packet low).
//
// Each partner creates frames by its arrival process into per-class queues, then sends
// them on its link one at a time at line rate, oldest first among the classes that are
// not paused. PFC frames from the switch (pause_in) pause and resume classes from the
// moment their last bit arrives, as IEEE 802.1Qbb specifies; a frame already on the wire
// completes.
//
// Temporal decoupling: at the start of each quantum the generator commits every frame
// that starts within it. A pause can only act on frames not yet committed, so a run with
// PFC needs a quantum no longer than the pause's trip (link delay + pause frame); the
// testbench enforces that, and a late pause is reported as a model inconsistency.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "destination_pattern.h"
#include "frame_sizes.h"
#include "geometric_sampler.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "random.h"
#include "report.h"
#include "traffic_config.h"

namespace cposim {

struct SourceCounters {
    int64_t created = 0;            ///< frames created during the run
    int64_t window_created = 0;     ///< ... inside the measurement window
    int64_t window_offered_ps = 0;  ///< their wire time
    int64_t sent = 0;               ///< frames whose first bit left for the switch
    int64_t pause_frames_received = 0;
    int64_t paused_ps = 0;          ///< time classes spent paused in the window, summed over classes
    int64_t held_back = 0;          ///< frames not created: their class's queue was full (paused)
};

class TrafficGenerator : public sc_core::sc_module, public StatsProvider {
public:
    using OutSocket = tlm_utils::simple_initiator_socket_tagged<TrafficGenerator>;
    using PauseSocket = tlm_utils::simple_target_socket_tagged<TrafficGenerator>;
    std::vector<std::unique_ptr<OutSocket>> out;        ///< port i's partner -> its link
    std::vector<std::unique_ptr<PauseSocket>> pause_in; ///< PFC frames for port i's partner

    TrafficGenerator(sc_core::sc_module_name name, int ports, double port_speed_gbps,
                     const TrafficConfig& traffic, uint64_t seed, PacketPool& pool,
                     TimePs quantum, TimePs end, TimePs warmup);

    void finish();  // after the simulation: pauses still open count up to the run's end
    const SourceCounters& counters(int port) const { return ports_[static_cast<size_t>(port)].counters; }
    int64_t queued_at_sources() const;
    int64_t activations() const { return activations_; }
    double slot_ps() const { return slot_ps_; }
    // packets.injected, .in_flight_at_sources; throughput.offered_load; pfc frames received
    // and time paused; per port the same; its share of sim.events.
    void write_stats(Report& report) const override;

private:
    SC_HAS_PROCESS(TrafficGenerator);
    struct PauseChange {
        TimePs t;         // last bit of the PFC frame received
        uint8_t classes;  // class-enable vector
        TimePs pause_ps;  // 0 resumes
    };
    struct Partner {
        Random rng;
        bool active = true;
        double next_arrival_ps = 0;  // poisson
        int64_t next_slot = 0;       // bernoulli / onoff
        int64_t burst_left = 0;      // onoff: frames left in the current burst
        int burst_destination = 0;   // onoff: a burst is a train to one destination
        PacketFifo queue[8];
        int64_t queued_by_class[8] = {};
        int64_t queued = 0;
        TimePs link_free = 0;        // the partner's transmitter is idle from here on
        TimePs committed = 0;        // frames starting before this are already sent
        std::deque<PauseChange> pending;  // pause changes not yet applied, in time order
        TimePs pause_from[8] = {};
        TimePs paused_until[8] = {};
        uint64_t next_id = 0;
        SourceCounters counters;
        explicit Partner(Random r) : rng(r) {}
    };

    void run();
    void create_arrivals(int port, Partner& p, TimePs limit);
    void create_frame(int port, Partner& p, TimePs t);
    void transmit(int port, Partner& p, TimePs limit);
    void send_head(Partner& p, int cls, TimePs start, PacketFifo& train);
    TimePs earliest_start(const Partner& p, int cls, TimePs s) const;
    void apply_pauses(Partner& p, TimePs upto);
    void close_pause_interval(Partner& p, int cls, TimePs at);
    void pause_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    int port_count_;
    double rate_gbps_;
    TrafficConfig traffic_;
    FrameSizes sizes_;
    DestinationPattern pattern_;
    double slot_ps_;       // wire time of a mean-size frame
    TimePs slot_int_ps_;   // the same, rounded: Bernoulli slot boundaries
    uint32_t last_bytes_ = 0;  // wire time of the last frame size drawn
    TimePs last_wire_ps_ = 0;
    GeometricSampler arrival_gaps_;  // bernoulli: idle slots before the next frame
    PacketPool& pool_;
    std::vector<PacketPayload> payloads_;
    std::vector<Partner> ports_;
    TimePs quantum_, end_, warmup_;
    int64_t activations_ = 0;
    TimePs now_ps_ = 0;  // SystemC time of the current activation
};

}  // namespace cposim
