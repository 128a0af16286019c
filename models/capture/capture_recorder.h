// The captures of `cposim run --pcap-out DIR`: DIR/port<i>.pcapng holds the frames egress
// port i sent (data and PFC frames), stamped with their first bit out; DIR/drops.pcapng holds
// every frame dropped, stamped with the time of the drop, on the interface of its ingress
// port, with a comment that says why ("drop: l2_miss, ingress port 3, class 0, by the
// switch"). Wireshark shows the comment as frame.comment (pkt_comment in older versions).
//
// Drops reach the recorder slightly out of time order (the receivers check CRCs a quantum
// after the switch drops what it drops): they are held and written in time order, each once
// nothing earlier can still come (`reorder_ps`: the longest such delay).
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "frame_recorder.h"
#include "pcapng_writer.h"

namespace cposim {

class CaptureRecorder final : public FrameRecorder {
public:
    // Creates DIR (and its parents) and the files; snaplen: bytes kept per frame (0: all).
    CaptureRecorder(const std::string& dir, int ports, uint32_t snaplen, TimePs reorder_ps);
    ~CaptureRecorder() override;

    void sent(int port, const Packet& p, TimePs t) override;
    void dropped(const Packet& p, TimePs t, DropReason reason, int receiver_port) override;
    // After the run: writes the drops still held and puts the files into place (they are
    // DIR/*.pcapng.partial until then).
    void finish();

    const std::string& dir() const { return dir_; }
    uint64_t sent_frames() const;
    uint64_t dropped_frames() const { return dropped_; }

private:
    struct Drop {
        TimePs t;
        uint64_t order;  // equal times: in the order they came
        uint32_t interface;
        uint32_t original;
        std::vector<uint8_t> bytes;
        std::string comment;
        bool operator>(const Drop& o) const { return t != o.t ? t > o.t : order > o.order; }
    };
    void write_drops_before(TimePs t);

    std::string dir_;
    uint32_t snaplen_;
    TimePs reorder_ps_;
    std::vector<std::unique_ptr<PcapngWriter>> egress_;
    std::unique_ptr<PcapngWriter> drops_;
    std::priority_queue<Drop, std::vector<Drop>, std::greater<Drop>> held_;
    TimePs latest_ = 0;
    uint64_t dropped_ = 0;
    std::vector<uint8_t> buffer_;
};

}  // namespace cposim
