// The link partners' receivers, one per switch port, in one module: they take delivery of
// frames, record their latency through the switch and return them to the pool. A frame
// whose last bit would arrive after the end of the run is still in flight and is held, not
// counted; a frame corrupted on the wire (bad_crc) is dropped by the receiver's CRC check.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/passthrough_target_socket.h>

#include "drop_reason.h"
#include "frame_recorder.h"
#include "latency_histogram.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "report.h"

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

class PacketSinks : public sc_core::sc_module, public StatsProvider {
public:
    using InSocket = tlm_utils::passthrough_target_socket_tagged<PacketSinks>;
    std::vector<std::unique_ptr<InSocket>> in;  ///< port i's egress link

    PacketSinks(sc_core::sc_module_name name, int ports, PacketPool& pool, TimePs end, TimePs warmup);
    ~PacketSinks() override;
    const SinkCounters& counters(int port) const { return counters_[static_cast<size_t>(port)]; }
    // Frames the receivers' CRC check drops go to `recorder` (captures); null: none.
    void record_into(FrameRecorder* recorder) { recorder_ = recorder; }
    // packets.delivered and the receivers' CRC drops; throughput (accepted load, delivered
    // bytes, Gb/s and Mpps, by class); latency (first bit in to last bit out, and queueing:
    // admission to start of transmission; by class); per port accepted load and Gb/s.
    void write_stats(Report& report) const override;

private:
    void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);  // a train
    void receive(int port, Packet* p, TimePs first_bit_here, TimePs end);
    [[noreturn, gnu::cold, gnu::noinline]] void wrong_port(const Packet& p, int port) const;  // out of line: the hot path stays lean
    // A frame corrupted on the wire: counted and released (out of line: rare)
    [[gnu::noinline, gnu::cold]] void crc_drop(int port, Packet* p, TimePs first_bit_here);

    PacketPool& pool_;
    TimePs end_, warmup_;
    LatencyHistogram queueing_;  // admission to start of transmission
    // One per traffic class: first bit in to last bit out. The overall latency is their
    // merge, so each frame is recorded once.
    std::vector<LatencyHistogram> latency_by_class_;
    std::vector<SinkCounters> counters_;
    std::vector<Packet*> beyond_end_;
    FrameRecorder* recorder_ = nullptr;
};

}  // namespace cposim
