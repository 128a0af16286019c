// One Ethernet frame travelling through the model. Packets are pooled (PacketPool) and
// passed by pointer from hop to hop, never copied. Times are in picoseconds (the SystemC
// time resolution) so hot paths use integer arithmetic.
#pragma once

#include <cstdint>

namespace cposim {

struct CapturedFrame;  // captured_frame.h
using TimePs = int64_t;

enum class PacketKind : uint8_t {
    data,
    pfc_pause,  // IEEE 802.1Qbb priority flow control frame (64 B MAC control frame)
};

struct alignas(64) Packet {  // 128 bytes: two cache lines, never three
    // First cache line: what the switch and the receiver touch for every frame (a frame
    // waits long enough in the ingress pipeline, or a crossbar's input queue, to drop out of
    // the cache; once admitted, a single switch's frame is read only here).
    Packet* next = nullptr;          // intrusive link: pool free list, a queue or a train
    TimePs t_enqueue = 0;            // admitted into the switch buffer (after the pipeline)
    TimePs t_ingress_first_bit = 0;  // first bit reached the switch port (stamped by its PHY)
    // First bit left the sender of the current hop: the link partner, then (from the
    // start of its transmission on) the switch's egress port.
    TimePs t_sent = 0;
    TimePs wire_ps = 0;              // wire time at the port rate: (bytes + 20) * 8 / rate
    uint64_t flood_mask = 0;         // decided by the pipeline: copies go to these ports (0: unicast)
    uint32_t bytes = 0;              // frame bytes: destination MAC to FCS inclusive
    uint16_t cells = 0;              // buffer cells the frame occupies (at most 9216 B / 64 B cells)
    uint16_t egress_port = 0;        // decided by the forwarding pipeline
    uint16_t src_port = 0;
    uint8_t traffic_class = 0;
    uint8_t buffer_pool = 0;         // which part of the shared buffer holds it (SharedBuffer::Pool)
    bool drop_pending = false;       // dropped when it would be admitted: lost on the wire or a pipeline drop
    bool ecn_marked = false;         // congestion experienced (set by the switch)
    bool bad_crc = false;            // corrupted on the egress wire: the partner's receiver drops it

    // Second line.
    uint64_t id = 0;
    TimePs t_created = 0;            // the frame was ready at the link partner
    uint16_t dst_port = 0;           // destination chosen by the traffic source
    uint16_t pfc_quanta = 0;         // pfc_pause: pause time in quanta of 512 bit times; 0 resumes
    bool broadcast = false;          // sent to the broadcast address: every port but the source
    uint8_t drop_reason = 0;         // a DropReason, read only with drop_pending or bad_crc
    PacketKind kind = PacketKind::data;
    uint8_t pfc_class_mask = 0;      // pfc_pause: classes the frame pauses or resumes
    uint32_t seq = 0;                // fabric runs: the frame's place in its message (PSN); an
                                     // acknowledgement's: the frame it asks for, or ack_all
    const CapturedFrame* capture = nullptr;  // the captured frame it replays (real bytes); null: synthesized
    // Fabric runs (models/fabric, models/host/gpu_hosts.h): the hosts at both ends, the
    // message it belongs to and its place in it. Switches route by dst_host.
    uint32_t src_host = 0;
    uint32_t dst_host = 0;
    uint32_t message = 0;            // index of its message in the run's workload
    uint32_t payload_bytes = 0;      // the message's bytes this frame carries; 0: an acknowledgement
    static constexpr uint32_t ack_all = UINT32_MAX;  // seq of an ACK: the whole message arrived
    static constexpr uint32_t cnp = UINT32_MAX - 1;  // seq of a DCQCN congestion notification

    // After the switch: its transmission started at t_sent.
    TimePs egress_last_bit() const { return t_sent + wire_ps; }  // last bit leaves the egress port
};
static_assert(sizeof(Packet) == 128, "a Packet is two cache lines");

}  // namespace cposim
