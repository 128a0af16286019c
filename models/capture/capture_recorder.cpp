#include "capture_recorder.h"

#include <filesystem>

#include "errors.h"
#include "wire_bytes.h"

namespace cposim {

CaptureRecorder::CaptureRecorder(const std::string& dir, int ports, uint32_t snaplen, TimePs reorder_ps)
    : dir_(dir), snaplen_(snaplen), reorder_ps_(reorder_ps) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw ConfigError(dir + ": --pcap-out: cannot create the directory: " + ec.message());
    for (int i = 0; i < ports; ++i) {
        const std::string n = std::to_string(i);
        egress_.push_back(std::make_unique<PcapngWriter>(dir + "/port" + n + ".pcapng"));
        egress_.back()->add_interface("port" + n, "frames cposim's switch sent on egress port " + n);
    }
    drops_ = std::make_unique<PcapngWriter>(dir + "/drops.pcapng");
    for (int i = 0; i < ports; ++i)
        drops_->add_interface("port" + std::to_string(i), "frames that entered on port " + std::to_string(i) +
                                                               " and were dropped (frame comment: why)");
}

// A recorder destroyed without finish() (the run failed) leaves its files as .partial.
CaptureRecorder::~CaptureRecorder() = default;

void CaptureRecorder::sent(int port, const Packet& p, TimePs t) {
    const uint32_t original = frame_bytes_on_wire(p, snaplen_, buffer_);
    egress_[static_cast<size_t>(port)]->write(0, t, buffer_.data(), static_cast<uint32_t>(buffer_.size()), original,
                                              p.ecn_marked ? "ecn: congestion experienced (marked by the switch)" : "");
}

void CaptureRecorder::dropped(const Packet& p, TimePs t, DropReason reason, int receiver_port) {
    Drop d;
    d.t = t;
    d.order = dropped_++;
    d.interface = p.src_port;
    d.original = frame_bytes_on_wire(p, snaplen_, d.bytes);
    d.comment = std::string("drop: ") + drop_reason_name(reason) + ", ingress port " + std::to_string(p.src_port) +
                ", class " + std::to_string(p.traffic_class) +
                (receiver_port < 0 ? std::string(", by the switch")
                                   : ", by the receiver on egress port " + std::to_string(receiver_port) + " (CRC)");
    held_.push(std::move(d));
    latest_ = std::max(latest_, t);
    write_drops_before(latest_ - reorder_ps_);
}

void CaptureRecorder::write_drops_before(TimePs t) {
    while (!held_.empty() && held_.top().t < t) {
        const Drop& d = held_.top();
        drops_->write(d.interface, d.t, d.bytes.data(), static_cast<uint32_t>(d.bytes.size()), d.original, d.comment);
        held_.pop();
    }
}

void CaptureRecorder::finish() {
    write_drops_before(INT64_MAX);
    for (auto& w : egress_) w->close();
    drops_->close();
}

uint64_t CaptureRecorder::sent_frames() const {
    uint64_t n = 0;
    for (const auto& w : egress_) n += w->frames();
    return n;
}

}  // namespace cposim
