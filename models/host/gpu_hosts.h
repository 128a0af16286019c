// The GPUs of a fabric with their NICs, in one module (one SystemC process for all hosts
// keeps the kernel's cost per packet low). A NIC runs an RDMA-style transport: a message is
// cut into frames of at most host.mtu_bytes of payload plus host.header_bytes of headers;
// the messages a NIC has open are sent interleaved, a frame of each in turn, back to back at
// its link's rate; messages to the same GPU share a queue pair and go one after the other. A message is delivered when its last byte
// arrives; the workload (models/workload/workload.h: a collective, or a Chakra trace) then
// tells which messages it releases and when their senders post them.
//
// Temporal decoupling, in steps of the fabric's base quantum: at the start of each step the
// hosts take every frame whose last bit arrives within it, then every message delivered
// within it (network and NVLink) in time order, and then each NIC commits every frame that
// starts within it. A message posted by a delivery starts no earlier than the delivery, so
// a delivery never falls inside a step its NIC has committed (checked: a late post is a
// model inconsistency). The fabric's switch driver runs the hosts' window (several steps)
// after the switches' windows that start at the same instant, and the testbench makes it
// no longer than the windows of the switches the NICs are linked to (their own when those
// are all alike, else one step): a frame arriving within a NIC's window was sent in its
// switch's window or before, so it has been handed over; what a NIC sends is admitted a
// switch window or more later, so each NIC's frames of the window go to its link as one
// train at its end. The run ends on the steps' grid, found within a window as it was.
// The switches hand a NIC frames up to their own window ahead of their arrival: they wait
// in the NIC's queue for their step, and what comes back for a NIC's messages (ACKs, NAKs,
// CNPs) acts when the NIC decides at or after its arrival; so nothing depends on how far
// ahead a switch runs (docs/fabric.md, section 7).
//
// A NIC honours PFC frames from its switch port (its class waits); it sends none.
//
// Loss recovery is go-back-N, as RoCE NICs do it: a receiver takes a message's frames in
// order only; on a frame beyond the one it expects it discards it and sends a NAK asking for
// that one, and the sender resends from there; a whole message is acknowledged (ACK). A
// sender with no ACK host.retransmit_timeout after a message's last frame resends that
// frame (a probe), which brings back the NAK or the ACK that was lost. Acknowledgements are
// 64 B frames through the fabric, sent ahead of data.
//
// GPUs of one server (host.gpus_per_server consecutive hosts) exchange messages over NVLink,
// not the network: a GPU sends its NVLink messages one after the other at host.nvlink_gbps,
// each delivered host.nvlink_latency after its last byte left.
//
// With dcqcn.enabled each message (queue pair) has a DCQCN rate (dcqcn.h): a receiver that
// gets an ECN-marked frame sends a CNP (at most one per dcqcn.cnp_interval), the sender cuts
// the rate and recovers it; a message's frames start no closer than their wire bytes at
// that rate.
#pragma once

#include <deque>
#include <functional>
#include <unordered_map>
#include <memory>
#include <queue>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "dcqcn.h"
#include "drop_reason.h"
#include "latency_histogram.h"
#include "workload.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "parameters.h"
#include "report.h"
#include "ring_queue.h"
#include "warm_path.h"
#include "windowed_model.h"

namespace cposim {

struct HostConfig {
    int mtu_bytes = 0;     ///< payload per frame
    int header_bytes = 0;  ///< headers and trailers per frame
    TimePs retransmit_timeout_ps = 0;  ///< no ACK this long after a message's last frame: probe
    bool out_of_order = false;         ///< receivers place frames by PSN (else in order, go-back-N)
    int gpus_per_server = 1;           ///< consecutive hosts of one server, joined by NVLink
    double nvlink_gbps = 0;            ///< a GPU's NVLink bandwidth, each way
    TimePs nvlink_latency_ps = 0;
    bool same_server(int a, int b) const { return gpus_per_server > 1 && a / gpus_per_server == b / gpus_per_server; }
    DcqcnConfig dcqcn;
    int traffic_class = 0; ///< of every GPU's frames, unless traffic_class_of_host says otherwise
    std::vector<int> traffic_class_of_host;  ///< per GPU (instance hosts.gpu<h>); empty: traffic_class
    int class_of(int host) const {
        return traffic_class_of_host.empty() ? traffic_class : traffic_class_of_host[static_cast<size_t>(host)];
    }

    static void declare_parameters(ParameterRegistry& r);
    static HostConfig from(const ParameterSet& p);
};

struct MessageTimes {
    TimePs posted = -1;     ///< the GPU posted it (its step began)
    TimePs delivered = -1;  ///< its last byte arrived
    int64_t sent = 0, received = 0;  ///< payload bytes: the sender's next, the receiver's in order
    // Go-back-N: the receiver takes frames in order only; the sender goes back on a NAK.
    uint32_t frames_sent_high = 0;  ///< the sender's highest frame sent so far + 1
    uint32_t next_seq = 0;          ///< the sender's next frame: sent / mtu
    TimePs last_sent = 0;           ///< the sender's last frame of it left then
    TimePs last_nak = -1;           ///< the receiver last asked for a resend then
    bool acked = false;             ///< the sender knows it arrived whole
    bool awaiting_ack = false;      ///< wholly sent, no ACK yet: in its NIC's unacked list
};

// A message's DCQCN state (dcqcn.enabled; kept apart from MessageTimes, so that runs without
// DCQCN hold none of it for their millions of messages): the sender's rate, when it may
// start its next frame; the receiver's last CNP for it.
struct PacedMessage {
    DcqcnRate rate;
    TimePs next_allowed = 0;
    TimePs last_cnp = -1;
};

struct TransportCounters {
    int64_t data_frames = 0, retransmitted_frames = 0, probes = 0;
    int64_t acks_sent = 0, naks_sent = 0;
    int64_t out_of_order_discarded = 0, duplicates_discarded = 0;
    int64_t cnps_sent = 0, rate_cuts = 0;
};

class GpuHosts : public sc_core::sc_module, public StatsProvider, public WindowedModel {
public:
    using OutSocket = tlm_utils::simple_initiator_socket_tagged<GpuHosts>;
    using InSocket = tlm_utils::simple_target_socket_tagged<GpuHosts>;
    std::vector<std::unique_ptr<OutSocket>> out;  ///< host h's NIC -> its link
    std::vector<std::unique_ptr<InSocket>> in;    ///< its link -> host h's NIC
    /// PFC frames from host h's switch port: they pause the NIC's class (IEEE 802.1Qbb, from
    /// the frame's last bit; a frame on the wire completes).
    std::vector<std::unique_ptr<InSocket>> pause_in;
    /// The NICs' own PFC frames: none (their receive buffers are not modelled, they always
    /// take what arrives); bound to the switch port so the fabric's wiring is complete.
    std::vector<std::unique_ptr<OutSocket>> pause_out;

    /// rate_gbps: each host's link rate; workload: ranks are hosts 0..ranks-1 (kept by
    /// the caller for the run). The run stops two quanta after the workload has completed
    /// and its last ACK is back, on the grid of the fabric's base `quantum`; the hosts run
    /// in windows of `window` (a multiple of it).
    GpuHosts(sc_core::sc_module_name name, std::vector<double> rate_gbps, const HostConfig& config,
             Workload& workload, PacketPool& pool, TimePs quantum, TimePs window, TimePs end);
    ~GpuHosts() override;

    const std::vector<MessageTimes>& messages() const { return times_; }
    const TransportCounters& transport() const { return transport_; }
    int64_t frames_sent() const { return frames_sent_; }
    int64_t frames_delivered() const { return frames_delivered_; }
    int64_t payload_bytes_delivered() const { return payload_delivered_; }
    /// packets.injected, .delivered, the receivers' CRC drops; throughput.delivered_bytes
    /// (frames); hosts.*: frames, bytes;
    /// its share of sim.events.
    void write_stats(Report& report) const override;
    /// One window of all NICs from `now` (the switch driver calls it after the switches of
    /// that instant); returns the next window's start, INT64_MAX once the run is over.
    TimePs run_window(TimePs now) override;

private:
    void start_of_simulation() override { out_paths_.gather(out); }
    unsigned arrival_path(int host, tlm::tlm_generic_payload& gp);  // the end of a link's warm path
    WarmPaths out_paths_;  // what each NIC's link reads for a train (warm_path.h)
    static constexpr uint32_t kNoMessage = UINT32_MAX;
    struct Nic {
        double rate_gbps = 0;
        std::vector<uint32_t> posted;  // messages posted and not yet open, in time order
        size_t next_posted = 0;
        std::vector<uint32_t> open;    // messages being sent, a frame of each in turn
        size_t turn = 0;
        int64_t frames = 0, bytes = 0;
        struct PauseChange {
            TimePs t;         // last bit of the PFC frame received
            uint8_t classes;  // class-enable vector
            TimePs pause_ps;  // 0 resumes
        };
        std::deque<PauseChange> pauses;  // received, not yet applied, in time order
        TimePs paused_until[8] = {};
        int64_t pause_frames = 0;
        TimePs paused_ps = 0;  // its class waited for a pause with a frame to send
        // Paused with a frame to send at the end of the window ending here (-1: not) and passed
        // over since: the pause holds it until the NIC is next asked (anything that could end
        // it makes that sooner), so those windows count as paused then.
        TimePs paused_until_passed = -1;
        // Acknowledgements to send (seq: ack_all or the frame asked for), in time order.
        struct Control {
            TimePs ready;
            uint32_t message, seq;
        };
        RingQueue<Control> control;
        RingQueue<Control> feedback;  // ACKs, NAKs and CNPs received for its messages, in time order
        struct Arrival {
            TimePs last_bit;
            Packet* packet;
        };
        RingQueue<Arrival> arrived;  // handed over by its link, not yet taken (its window has not begun)
        std::vector<uint32_t> unacked;  // messages wholly sent, not yet acknowledged
        // (last_sent, message) as each message was wholly sent or probed, so in time order:
        // the front's is the earliest timeout once entries no longer current (acknowledged,
        // or probed since) are dropped from the front (update_next_probe).
        std::deque<std::pair<TimePs, uint32_t>> probe_order;
        // A queue pair per destination sends its messages in order: a message whose posting
        // time has come waits behind the one to the same GPU still being sent.
        struct QueuePair {
            int open_or_waiting = 0;
            uint32_t first_waiting = kNoMessage, last_waiting = kNoMessage;  // linked by waiting_next_
        };
        std::unordered_map<int, QueuePair> queue_pairs;  // by destination
        TimePs next_probe = INT64_MAX;  // the earliest retransmission timeout of unacked
    };

    void run_step(TimePs limit);  // the window's next step of a quantum, up to limit
    void transmit(int host, Nic& nic, TimePs limit);
    void post(uint32_t message, TimePs at);
    void b_transport(int host, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void pause_transport(int host, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    static void apply_pauses(Nic& nic, TimePs upto);
    void receive(int host, Packet* p, TimePs last_bit);
    // Out of line: the hot paths save no registers for building the messages.
    [[noreturn, gnu::cold, gnu::noinline]] void arrived_out_of_order(int host, TimePs last_bit) const;
    [[noreturn, gnu::cold, gnu::noinline]] void delivered_elsewhere(const Packet& p, int host) const;
    void acknowledgement(const Nic::Control& c);  // at the sender, at c.ready: an ACK, a NAK or a CNP
    void acknowledge(int host, uint32_t message, uint32_t seq, TimePs at);  // the receiver sends one
    Packet* new_frame(int src, int dst, uint32_t message, uint32_t seq, int64_t payload, const Nic& nic, TimePs t);
    void update_next_probe(Nic& nic) const;
    void stop_when_acknowledged(TimePs t);
    void take_arrivals(TimePs limit);              // every host takes the frames arriving before limit
    void message_delivered(uint32_t m, TimePs t);  // its last byte arrived: the workload goes on
    void deliver(TimePs limit);                    // the messages delivered before limit, in time order
    void send_nvlink(TimePs limit);                // the NVLink messages posted before limit go out

    HostConfig config_;
    Workload& workload_;
    const std::vector<CollectiveMessage>& msgs_;  // the workload's, fixed for the run (read per frame)
    PacketPool& pool_;
    TimePs quantum_, window_, end_;
    std::vector<Nic> nics_;
    std::vector<PacketPayload> payloads_;
    std::vector<MessageTimes> times_;
    // Per message: the next message of its queue pair waiting behind it (kNoMessage: none).
    // A queue of links rather than a container per queue pair: an all-to-all over n GPUs
    // has n(n-1) queue pairs, most of them never with more than one message.
    std::vector<uint32_t> waiting_next_;
    std::vector<PacedMessage> paced_;             // per message, with DCQCN only
    std::vector<std::vector<bool>> frames_in_;    // per message, host.delivery=out_of_order only: the frames its receiver has
    std::vector<TimePs> nvlink_free_;  // per GPU: its NVLink is idle from here on
    // Per NIC, apart from the rest of its state so that a window passes the NICs with nothing
    // to do without reading it (a 4000 B frame at 100G spans 20 windows of 16.5 ns): its
    // transmitter is busy until; it decides nothing before (what it knows then: its frame
    // ends, its pause runs out, a message opens, an ACK is due, a pace or a timeout runs out;
    // whatever comes in for it makes it earlier); its first arrival's last bit (INT64_MAX:
    // none).
    std::vector<TimePs> link_free_, decide_at_, next_arrival_;
    std::vector<Packet*> first_arrival_;  // per NIC: the frame of next_arrival_
    std::vector<Packet*> train_first_, train_last_;  // per NIC: the frames it sends in the window
    std::vector<size_t> with_train_;                 // the NICs with such frames
    std::vector<size_t> arriving_;        // the NICs taking frames in this step
    std::vector<uint32_t> sends_next_;    // per NIC: the message whose frame it sends next, as it stood
    std::vector<size_t> deciding_;        // the NICs deciding in this step
    void wake(int host, TimePs at) {
        TimePs& d = decide_at_[static_cast<size_t>(host)];
        d = std::min(d, at);
    }
    void count_pause_passed(Nic& nic) const {  // the windows a paused NIC was passed over in
        if (nic.paused_until_passed < 0) return;
        nic.paused_ps += committed_ - nic.paused_until_passed;
        nic.paused_until_passed = -1;
    }
    TimePs committed_ = 0;  // every NIC has sent the frames that start before this
    using Delivery = std::pair<TimePs, uint32_t>;  // time, message
    using DeliveryQueue = std::priority_queue<Delivery, std::vector<Delivery>, std::greater<Delivery>>;
    DeliveryQueue deliveries_;    // messages delivered (network and NVLink), not yet told the workload
    DeliveryQueue nvlink_posted_;  // NVLink messages: time posted for, message
    int64_t nvlink_bytes_ = 0;
    int64_t acked_ = 0;  // messages whose sender has their ACK
    TimePs latest_ack_ = 0;  // the latest ACK (or delivery once complete) so far
    int64_t frames_sent_ = 0, frames_delivered_ = 0, payload_delivered_ = 0, bytes_delivered_ = 0;
    int64_t bad_crc_ = 0;
    DropCounters bad_crc_by_reason_{};
    int64_t activations_ = 0;
    uint64_t next_id_ = 1;
    TransportCounters transport_;
};

}  // namespace cposim
