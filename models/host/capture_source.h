// A replayed capture as the partners' frames (traffic.source=pcap): each frame enters its
// port at its (scaled) capture time with its real bytes (Packet::capture), once, or pass
// after pass with traffic.pcap_loop. The rules: capture_replay.h.
#pragma once

#include <vector>

#include "capture_replay.h"
#include "frame_source.h"

namespace cposim {

class CaptureSource final : public FrameSource {
public:
    CaptureSource(const CaptureReplayConfig& config, int ports, double port_speed_gbps, PacketPool& pool,
                  TimePs warmup);

    bool active(int port) const override { return !ports_[static_cast<size_t>(port)].frames.empty(); }
    TimePs create_until(int port, TimePs limit, PartnerQueues& queues) override;
    int classes() const override { return replay_.classes(); }
    double frames_per_ps() const override;
    // replay.* (CaptureReplay::write_stats) and replay.passes: passes begun by the end.
    void write_stats(Report& report) const override;
    const std::vector<fwd::L2Host>* l2_hosts() const override { return &replay_.host_table().installed; }

private:
    struct Port {
        std::vector<uint32_t> frames;  // indices into replay_.frames(), in time order
        size_t next = 0;               // the next frame of the current pass
        int64_t pass = 0;
        uint64_t next_id = 0;
    };
    CaptureReplay replay_;
    PacketPool& pool_;
    TimePs warmup_;
    std::vector<Port> ports_;
};

}  // namespace cposim
