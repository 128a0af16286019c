// The link partner's receiver at an egress port: it takes delivery of frames, records their
// latency through the switch, and returns them to the pool. A frame whose last bit would
// arrive after the end of the run is still in flight and is held, not counted.
#pragma once

#include <array>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/passthrough_target_socket.h>

#include "drop_reason.h"
#include "latency_histogram.h"
#include "packet_extension.h"
#include "packet_pool.h"

namespace cposim {

struct SinkCounters {
    int64_t delivered = 0;
    int64_t window_delivered = 0;  ///< last bit left the egress port inside the window
    int64_t window_bytes = 0;
    int64_t window_wire_ps = 0;
    int64_t ecn_marked = 0;        ///< delivered frames carrying a congestion mark
    int64_t bad_crc = 0;           ///< frames corrupted on the wire, dropped by this receiver
    DropCounters bad_crc_by_reason{};  ///< ... by the reason their PHY gave
    std::array<int64_t, 8> bad_crc_by_class{};
    std::array<int64_t, 8> window_delivered_by_class{};
    std::array<int64_t, 8> window_bytes_by_class{};
};

class PacketSink : public sc_core::sc_module {
public:
    tlm_utils::passthrough_target_socket<PacketSink> in;  ///< from the egress link

    PacketSink(sc_core::sc_module_name name, int port, PacketPool& pool, TimePs end,
               TimePs warmup, LatencyHistogram& queueing,
               std::vector<LatencyHistogram>& latency_by_class);
    ~PacketSink() override;
    const SinkCounters& counters() const { return counters_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);  // a train
    void receive(Packet* p, TimePs first_bit_here);

    int port_;
    PacketPool& pool_;
    TimePs end_, warmup_;
    LatencyHistogram& queueing_;  // shared by all sinks: admission to start of transmission
    // Shared, one per traffic class: first bit in to last bit out. The overall latency is
    // their merge, so each frame is recorded once.
    std::vector<LatencyHistogram>& latency_by_class_;
    SinkCounters counters_;
    std::vector<Packet*> beyond_end_;
};

}  // namespace cposim
