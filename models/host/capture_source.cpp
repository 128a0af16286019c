#include "capture_source.h"

#include <algorithm>

#include "errors.h"

namespace cposim {

CaptureSource::CaptureSource(const CaptureReplayConfig& config, int ports, double port_speed_gbps, PacketPool& pool,
                             TimePs warmup)
    : replay_(config, ports, port_speed_gbps), pool_(pool), warmup_(warmup), ports_(static_cast<size_t>(ports)) {
    if (!replay_.capture().times_problem().empty()) throw ConfigError(replay_.capture().times_problem());
    const auto& frames = replay_.frames();
    for (size_t i = 0; i < frames.size(); ++i) ports_[frames[i].port].frames.push_back(static_cast<uint32_t>(i));
}

double CaptureSource::frames_per_ps() const {
    return static_cast<double>(replay_.frames().size()) / static_cast<double>(replay_.pass_ps());
}

TimePs CaptureSource::create_until(int port, TimePs limit, PartnerQueues& queues) {
    Port& s = ports_[static_cast<size_t>(port)];
    const auto& frames = replay_.frames();
    while (true) {
        if (s.next == s.frames.size()) {
            if (!replay_.config().loop) return INT64_MAX;
            s.next = 0;  // the next pass
            ++s.pass;
        }
        const CaptureReplay::Frame& r = frames[s.frames[s.next]];
        const TimePs t = s.pass * replay_.pass_ps() + r.t;
        if (t >= limit) return t;
        ++s.next;
        Packet* f = pool_.acquire();
        f->id = (static_cast<uint64_t>(port) << 40) | s.next_id++;
        f->bytes = r.bytes;
        f->wire_ps = r.wire_ps;
        f->src_port = static_cast<uint16_t>(port);
        f->dst_port = r.dst;
        f->traffic_class = r.tc;
        f->broadcast = r.group;
        f->capture = r.capture;
        f->t_created = t;
        if (!queues.enqueue(f, t, warmup_)) pool_.release(f);
    }
}

void CaptureSource::write_stats(Report& report) const {
    replay_.write_stats(report);
    int64_t passes = 0;
    for (const Port& s : ports_)
        if (!s.frames.empty()) passes = std::max(passes, s.pass + (s.next > 0 ? 1 : 0));
    report.set("replay.passes", passes);
}

}  // namespace cposim
