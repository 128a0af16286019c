#include "capture_replay.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "capture_hosts.h"
#include "errors.h"
#include "frame_builder.h"
#include "header_parse.h"
#include "units.h"

namespace cposim {

void CaptureReplayConfig::declare_parameters(ParameterRegistry& r) {
    r.add_text("traffic.pcap_file", "",
               "traffic.source=pcap: the capture to replay (pcap or pcapng, Ethernet), relative to the "
               "working directory");
    r.add_choice("traffic.pcap_port", "source_mac", {"source_mac", "round_robin", "interface"},
                 "traffic.source=pcap: the port a frame enters: source_mac (source MAC mod ports: where "
                 "frames to that host leave), round_robin (record n on port (n - 1) mod ports), interface "
                 "(pcapng interface id mod ports)");
    r.add_choice("traffic.pcap_timing", "capture", {"capture", "load"},
                 "traffic.source=pcap: capture (frames at their timestamps) or load (timestamps scaled so "
                 "that the ports the frames enter are offered traffic.load)");
    r.add_boolean("traffic.pcap_loop", false,
                  "traffic.source=pcap: replay the capture again and again until the run ends");
    r.add_boolean("traffic.pcap_pad_short", true,
                  "traffic.source=pcap: frames shorter than 64 bytes (FCS included) are padded to 64 on "
                  "the wire as the sending MAC does; false: they are replayed as runts");
}

CaptureReplayConfig CaptureReplayConfig::from(const ParameterSet& p) {
    CaptureReplayConfig c;
    c.file = p.text("traffic.pcap_file");
    if (c.file.empty())
        throw ConfigError(p.value("traffic.source").origin +
                          ": traffic.pcap_file: traffic.source=pcap needs a capture file (traffic.pcap_file=FILE)");
    const std::string& rule = p.text("traffic.pcap_port");
    c.ingress = rule == "round_robin" ? IngressRule::round_robin
              : rule == "interface"   ? IngressRule::interface
                                      : IngressRule::source_mac;
    c.rescale = p.text("traffic.pcap_timing") == "load";
    c.load = p.real("traffic.load");
    c.loop = p.boolean("traffic.pcap_loop");
    c.pad_short = p.boolean("traffic.pcap_pad_short");
    if (c.rescale && c.load <= 0)
        throw ConfigError(p.value("traffic.load").origin +
                          ": traffic.load: traffic.pcap_timing=load needs a load above 0");
    return c;
}

CaptureReplay::CaptureReplay(const CaptureReplayConfig& config, int ports, double port_speed_gbps)
    : config_(config), capture_(std::make_unique<CaptureFile>(config.file)) {
    const auto& captured = capture_->frames();
    const std::string& path = capture_->path();
    if (captured.empty()) throw ConfigError(path + ": no frames to replay");
    std::set<int> used;
    ingress_.reserve(captured.size());
    frames_.reserve(captured.size());
    double wire_total_ps = 0;
    for (size_t i = 0; i < captured.size(); ++i) {
        const CapturedFrame& c = captured[i];
        const uint32_t bytes = wire_bytes(c, config.pad_short);
        if (bytes > 0xFFFF)
            throw ConfigError(path + ": record " + std::to_string(c.record) + ": a frame of " + std::to_string(bytes) +
                              " bytes, longer than an Ethernet length field (65535) holds: a capture of "
                              "offloaded segments rather than of the wire?");
        int port = 0;
        switch (config.ingress) {
            case IngressRule::source_mac: port = host_port(source_mac(c), ports); break;
            case IngressRule::round_robin: port = static_cast<int>(i % static_cast<size_t>(ports)); break;
            case IngressRule::interface: port = static_cast<int>(c.interface % static_cast<uint32_t>(ports)); break;
        }
        ingress_.push_back(port);
        used.insert(port);
        Frame f;
        f.capture = &c;
        f.t = c.time_ps;
        f.bytes = bytes;
        f.wire_ps = wire_time_ps_rounded(bytes, port_speed_gbps);
        f.port = static_cast<uint16_t>(port);
        const uint64_t dst = destination_mac(c);
        f.dst = static_cast<uint16_t>(host_port(dst, ports));
        f.group = group_address(dst);
        f.tc = fwd::parse_header(fwd::capture_slice(c, bytes, 0)).tc;
        classes_ = std::max(classes_, f.tc + 1);
        wire_total_ps += static_cast<double>(f.wire_ps);
        frames_.push_back(f);
    }
    std::stable_sort(frames_.begin(), frames_.end(), [](const Frame& a, const Frame& b) { return a.t < b.t; });
    ports_used_ = static_cast<int>(used.size());
    const double n = static_cast<double>(frames_.size());
    const double span = static_cast<double>(frames_.back().t - frames_.front().t);
    if (frames_.size() > 1 && span == 0 && (config.rescale || config.loop))
        throw ConfigError(path + ": every frame has the same timestamp: no rate to " +
                          (config.rescale ? "scale (traffic.pcap_timing=load)" : "repeat at (traffic.pcap_loop)"));
    const double duration = frames_.size() > 1 ? span * n / (n - 1) : static_cast<double>(frames_.front().wire_ps);
    capture_load_ = wire_total_ps / (ports_used_ * duration);
    scale_ = config.rescale ? capture_load_ / config.load : 1.0;
    if (scale_ != 1.0)
        for (Frame& f : frames_) f.t = std::llround(static_cast<double>(f.t) * scale_);
    pass_ps_ = std::max<TimePs>(1, std::llround(duration * scale_));
    hosts_ = capture_hosts(*capture_, ports, config.pad_short);
    table_ = fwd::fit_l2_hosts(hosts_);
}

void CaptureReplay::write_stats(Report& report) const {
    report.set("replay.file", capture_->path());
    report.set("replay.format", capture_->format());
    report.set("replay.frames", static_cast<int64_t>(frames_.size()));
    report.set("replay.ports_used", ports_used_);
    report.set("replay.capture_load", capture_load_);
    report.set("replay.time_scale", scale_);
    report.set("replay.pass_us", static_cast<double>(pass_ps_) * 1e-6);
    report.set("replay.l2_hosts", static_cast<int64_t>(hosts_.size()));
    report.set("replay.l2_hosts_installed", static_cast<int64_t>(table_.installed.size()));
    report.set("replay.l2_hosts_left_out", table_.left_out);
}

}  // namespace cposim
