#include "traffic_generator.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "errors.h"
#include "model_clock.h"
#include "run_control.h"
#include "units.h"

namespace cposim {

namespace {
// What an empty class queue offers when the partner looks for the head to send: a frame
// made never.
const Packet kNeverCreated = [] {
    Packet p;
    p.t_created = INT64_MAX;
    return p;
}();

// The queue's head, or kNeverCreated, selected by a mask: `head ? head : &kNeverCreated`
// compiled to a branch around the load, and which classes hold frames is random (a
// mispredicted branch per class and frame sent).
const Packet* head_or_never(const PacketFifo& q) {
    const auto head = reinterpret_cast<uintptr_t>(q.front());
    const uintptr_t none = -static_cast<uintptr_t>(head == 0);
    return reinterpret_cast<const Packet*>(head | (reinterpret_cast<uintptr_t>(&kNeverCreated) & none));
}

// take ? yes : no by a mask (three selects on one condition compiled to a branch)
int64_t pick(bool take, int64_t yes, int64_t no) {
    const uint64_t mask = -static_cast<uint64_t>(take);
    return static_cast<int64_t>((static_cast<uint64_t>(yes) & mask) | (static_cast<uint64_t>(no) & ~mask));
}
}  // namespace

TrafficGenerator::TrafficGenerator(sc_core::sc_module_name name, int ports, double port_speed_gbps,
                                   FrameSource& source, int64_t queue_frames, PacketPool& pool, DecouplingWindows& windows,
                                   TimePs end, TimePs warmup)
    : sc_module(name), port_count_(ports), rate_gbps_(port_speed_gbps), source_(source), classes_(source.classes()),
      pool_(pool), payloads_(static_cast<size_t>(ports)), ports_(static_cast<size_t>(ports)), windows_(windows),
      end_(end), warmup_(warmup) {
    for (int i = 0; i < ports; ++i) {
        const std::string n = std::to_string(i);
        out.emplace_back(new OutSocket(("out_" + n).c_str()));
        pause_in.emplace_back(new PauseSocket(("pause_in_" + n).c_str()));
        pause_in.back()->register_b_transport(this, &TrafficGenerator::pause_transport, i);
        ports_[static_cast<size_t>(i)].active = source.active(i);
        ports_[static_cast<size_t>(i)].q.queue_frames = queue_frames;
    }
}

int64_t TrafficGenerator::queued_at_sources() const {
    int64_t n = 0;
    for (const auto& p : ports_) n += p.q.queued;
    return n;
}

void TrafficGenerator::write_stats(Report& report) const {
    const double window_ps = static_cast<double>(run_control::effective_end(end_) - warmup_);
    int64_t injected = 0, offered_ps = 0, pause_received = 0, paused_ps = 0, held_back = 0;
    for (int i = 0; i < port_count_; ++i) {
        const SourceCounters& c = counters(i);
        injected += c.created;
        offered_ps += c.window_offered_ps;
        pause_received += c.pause_frames_received;
        paused_ps += c.paused_ps;
        held_back += c.held_back;
        nlohmann::json& port = report.port(i);
        port["offered_load"] = static_cast<double>(c.window_offered_ps) / window_ps;
        port["pause_frames_received"] = c.pause_frames_received;
        port["time_paused_ns"] = static_cast<double>(c.paused_ps) * 1e-3;
        port["held_back_frames"] = c.held_back;
    }
    report.add("packets.injected", injected);
    report.set("packets.in_flight_at_sources", queued_at_sources());
    report.set("throughput.offered_load", static_cast<double>(offered_ps) / (window_ps * port_count_));
    report.add("pfc.pause_frames_received", pause_received);
    report.add("pfc.time_paused_ns", static_cast<double>(paused_ps) * 1e-3);
    report.add("pfc.held_back_at_sources", held_back);
    source_.write_stats(report);
}

TimePs TrafficGenerator::run_window(TimePs now) {
    now_ps_ = now;
    const TimePs limit = windows_.window_end(now);
    const int64_t most = limit - now > windows_.shortest() ? source_.most_frames(limit - now) : 0;
    for (int i = 0; i < port_count_; ++i) {
        Partner& p = ports_[static_cast<size_t>(i)];
        if (!p.active) continue;
        // Whether a full queue holds a frame back depends on what left before it was
        // made: where a queue could fill, made and sent as in windows held at the
        // shortest.
        const TimePs step = most > 0 && may_hold_back(p, most) ? windows_.shortest() : limit - now;
        // Each step makes its frames after the frames that start before it have left. A
        // step that makes none only sends, and sending up to one time and then up to a later
        // one sends what sending up to the later one does: such steps are skipped, their
        // sending done with the next step that makes frames (or the window's end). With PFC
        // a 1024 B frame is made every ~5 steps of 16.5 ns.
        PacketFifo train;  // the window's frames, sent to the link in one transport
        for (TimePs from = now; p.no_frame_before < limit;) {
            if (p.no_frame_before >= from + step) from += (p.no_frame_before - from) / step * step;  // its step
            if (from > p.committed) send_until(p, from, train);
            const TimePs to = std::min(from + step, limit);
            p.no_frame_before = source_.create_until(i, to, p.q);
            from = to;
        }
        send_until(p, limit, train);
        if (!train.empty()) {
            Packet* last = train.back();
            send_train(*out[static_cast<size_t>(i)], payloads_[static_cast<size_t>(i)], train.take_all(), last, now_ps_);
        }
    }
    return limit >= end_ ? INT64_MAX : limit;
}

// The frames that start before `to`, if any can, onto the window's train.
void TrafficGenerator::send_until(Partner& p, TimePs to, PacketFifo& train) {
    if (p.link_free < to && p.q.queued > 0)
        transmit(p, to, train);
    else  // busy with a frame till then, or nothing to send: nothing starts
        p.committed = std::max(p.committed, to);
}

// Could a class's queue fill if the port made `most` frames (its source's most in the
// window; INT64_MAX: no bound) and sent none?
bool TrafficGenerator::may_hold_back(const Partner& p, int64_t most) const {
    if (most == INT64_MAX) return true;
    if (p.q.queued + most < p.q.queue_frames) return false;  // not even with every frame in one class
    for (int64_t queued : p.q.queued_by_class)
        if (queued + most >= p.q.queue_frames) return true;
    return false;
}

void TrafficGenerator::finish() {
    const TimePs end = run_control::effective_end(end_);
    for (auto& p : ports_) {  // pauses still open at the end count up to the end
        apply_pauses(p, end);
        for (int c = 0; c < 8; ++c) close_pause_interval(p, c, end);
    }
}

// The earliest time >= s at which class `cls` is not paused, given the pause state and
// the pending pause changes (without applying them).
TimePs TrafficGenerator::earliest_start(const Partner& p, int cls, TimePs s) const {
    if (p.pending.empty()) return std::max(s, p.paused_until[cls]);
    const unsigned bit = 1u << cls;
    while (true) {
        TimePs until = p.paused_until[cls];  // state after the changes already applied
        for (const auto& c : p.pending) {    // then the pending ones up to s, in time order
            if (c.t > s) break;
            if (c.classes & bit) until = c.t + c.pause_ps;
        }
        if (s >= until) return s;
        // Paused at s: wait until the pause ends, or until a later frame changes it.
        TimePs next = until;
        for (const auto& c : p.pending)
            if (c.t > s && (c.classes & bit)) {
                next = std::min(next, c.t);
                break;
            }
        s = next;
    }
}

void TrafficGenerator::close_pause_interval(Partner& p, int cls, TimePs at) {
    const TimePs from = std::max(p.pause_from[cls], warmup_);
    const TimePs to = std::min({p.paused_until[cls], at, run_control::effective_end(end_)});
    if (to > from) p.q.counters.paused_ps += to - from;
}

void TrafficGenerator::apply_pauses(Partner& p, TimePs upto) {
    while (!p.pending.empty() && p.pending.front().t <= upto) {
        const PauseChange c = p.pending.front();
        p.pending.pop_front();
        for (int cls = 0; cls < 8; ++cls) {
            if (!(c.classes & (1u << cls))) continue;
            close_pause_interval(p, cls, c.t);
            p.pause_from[cls] = c.t;
            p.paused_until[cls] = c.t + c.pause_ps;
        }
    }
}

// The head of class `cls` goes on the wire at `start`, into this window's train.
void TrafficGenerator::send_head(Partner& p, int cls, TimePs start, PacketFifo& train) {
    Packet* f = p.q.queue[cls].pop();
    --p.q.queued_by_class[cls];
    --p.q.queued;
    p.link_free = start + f->wire_ps;
    p.committed = start;
    ++p.q.counters.sent;
    f->t_sent = start;
    train.push(f);
}

void TrafficGenerator::transmit(Partner& p, TimePs limit, PacketFifo& train) {
    if (classes_ == 1 && p.pending.empty()) {
        // One class and no pause change pending: the queue goes out in order, each frame
        // as soon as the link is free, it exists and the class is not paused.
        PacketFifo& q = p.q.queue[0];
        while (!q.empty() && p.link_free < limit) {
            Packet* f = q.front();
            const TimePs start = std::max({p.link_free, f->t_created, p.paused_until[0]});
            if (start >= limit) break;
            send_head(p, 0, start, train);
        }
        p.q.nonempty = q.empty() ? 0u : 1u;  // once here, not per frame
    } else if (p.pending.empty() && *std::max_element(p.paused_until, p.paused_until + classes_) <= p.link_free) {
        // No class paused from here on and no pause change pending: the oldest head goes
        // first (lowest class on ties), as soon as the link is free and it exists.
        while (p.q.queued > 0 && p.link_free < limit) {
            // Without a branch on the data: the older head chosen by conditional moves
            // (which classes hold frames, and which is older, are random: branches cost
            // PFC runs of 8 classes ~2.6 mispredictions a frame).
            int best = 0;
            TimePs best_created = kNeverCreated.t_created;
            for (int c = 0; c < classes_; ++c) {
                const TimePs created = head_or_never(p.q.queue[c])->t_created;
                const bool older = created < best_created;  // ties: the lower class
                best = older ? c : best;
                best_created = older ? created : best_created;
            }
            const TimePs start = std::max(p.link_free, best_created);
            if (start >= limit) break;
            send_head(p, best, start, train);
            p.q.nonempty &= ~(uint32_t{p.q.queue[best].empty()} << best);
        }
    }
    // (No frame starts before the link is free: once it is busy past the window, nothing
    // more starts in it, and the pick is not made.)
    while (p.q.queued > 0 && p.link_free < limit) {
        // The head that may start first (then the oldest, then the lowest class), the
        // comparison by masks (which head wins is random: two mispredicted branches a
        // frame); only the classes holding frames are visited, from their mask (a branch
        // per class on whether it held any mispredicted 1.4 times a frame in incast-pfc).
        int best = -1;
        TimePs best_start = INT64_MAX, best_created = INT64_MAX;
        for (uint32_t held = p.q.nonempty; held; held &= held - 1) {
            const int c = __builtin_ctz(held);
            const TimePs created = p.q.queue[c].front()->t_created;
            const TimePs start = earliest_start(p, c, std::max(p.link_free, created));
            const bool first = (start < best_start) | ((start == best_start) & (created < best_created));
            best = static_cast<int>(pick(first, c, best));
            best_start = pick(first, start, best_start);
            best_created = pick(first, created, best_created);
        }
        if (best < 0 || best_start >= limit) break;
        if (!p.pending.empty()) apply_pauses(p, best_start);
        send_head(p, best, best_start, train);
        p.q.nonempty &= ~(uint32_t{p.q.queue[best].empty()} << best);
    }
    p.committed = std::max(p.committed, limit);
}

void TrafficGenerator::pause_transport(int port, tlm::tlm_generic_payload& gp,
                                       sc_core::sc_time& delay) {
    Packet* f = packet_of(gp);
    if (!f || f->kind != PacketKind::pfc_pause || f->next)
        throw ModelInconsistency(std::string(name()) + ": not a single PFC frame on the pause path");
    Partner& p = ports_[static_cast<size_t>(port)];
    const TimePs received = model_clock::now_ps() + sc_to_ps(delay) + f->wire_ps;
    if (received < p.committed)
        throw ModelInconsistency(std::string(name()) + ": PFC frame for port " +
                                 std::to_string(port) + " arrived at " + std::to_string(received) +
                                 " ps, after frames up to " + std::to_string(p.committed) +
                                 " ps were committed (a window ended after a pause sent inside it arrived)");
    const TimePs pause_ps = pfc_pause_ps(f->pfc_quanta, rate_gbps_);
    if (!p.pending.empty() && received < p.pending.back().t)
        throw ModelInconsistency(std::string(name()) + ": PFC frames out of order");
    p.pending.push_back({received, f->pfc_class_mask, pause_ps});
    ++p.q.counters.pause_frames_received;
    pool_.release(f);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace cposim
