// One Ethernet frame travelling through the model. Packets are pooled (PacketPool) and
// passed by pointer from hop to hop, never copied. Times are in picoseconds (the SystemC
// time resolution) so hot paths use integer arithmetic.
#pragma once

#include <cstdint>

namespace cposim {

using TimePs = int64_t;

struct Packet {
    uint64_t id = 0;
    uint32_t bytes = 0;         // frame bytes: destination MAC to FCS inclusive
    TimePs wire_ps = 0;         // wire time at the port rate: (bytes + 20) * 8 / rate
    uint16_t src_port = 0;
    uint16_t dst_port = 0;      // destination chosen by the traffic source
    uint16_t egress_port = 0;   // decided by the forwarding pipeline
    uint8_t traffic_class = 0;
    bool pipeline_drop = false;  // the forwarding pipeline decided to drop it
    uint8_t pipeline_drop_reason = 0;  // a DropReason

    TimePs t_ingress_first_bit = 0;  // first bit arrives at the switch ingress port
    TimePs t_enqueue = 0;            // admitted into the output queue
    TimePs t_tx_start = 0;           // first bit leaves the egress port
    TimePs t_egress_last_bit = 0;    // last bit leaves the egress port

    Packet* next = nullptr;  // intrusive link: pool free list or a queue
};

}  // namespace cposim
