// Where a link partner's frames come from (traffic.source, chosen by name from
// traffic_sources()): the generated workload (GeneratedSource) or a replayed capture
// (CaptureSource). A source creates each port's frames, in time order, into the partner's
// per-class queues; the partner (TrafficGenerator) sends them at line rate and honours PFC.
#pragma once

#include <cstdint>
#include <climits>
#include <functional>
#include <memory>
#include <vector>

#include "packet_pool.h"
#include "parameters.h"
#include "registry.h"
#include "report.h"
#include "table_programme.h"

namespace cposim {

struct SourceCounters {
    int64_t created = 0;            ///< frames created during the run
    int64_t window_created = 0;     ///< ... inside the measurement window
    int64_t window_offered_ps = 0;  ///< their wire time
    int64_t sent = 0;               ///< frames whose first bit left for the switch
    int64_t pause_frames_received = 0;
    int64_t paused_ps = 0;          ///< time classes spent paused in the window, summed over classes
    int64_t held_back = 0;          ///< frames not created: their class's queue was full (paused)
};

// A partner's queues of frames not yet sent, one per traffic class, and its counters.
struct PartnerQueues {
    PacketFifo queue[8];
    int64_t queued_by_class[8] = {};
    int64_t queued = 0;
    int64_t queue_frames = INT64_MAX;  // most frames a class holds (traffic.source_queue_frames)
    SourceCounters counters;
    uint32_t nonempty = 0;  // bit c: class c's queue holds a frame

    // A frame created at `t` (its t_created) joins the queue of its class. A class paused long
    // enough fills its queue: its application is held back, the frame is never created (not
    // in the accounting) and the caller releases it (false). Checked against the frames queued
    // when this window's (or step's) arrivals are made: the limit may be passed by what one sends.
    [[nodiscard]] bool enqueue(Packet* f, TimePs t, TimePs warmup) {
        if (queued_by_class[f->traffic_class] >= queue_frames) {
            ++counters.held_back;
            return false;
        }
        queue[f->traffic_class].push(f);
        nonempty |= 1u << f->traffic_class;
        ++queued_by_class[f->traffic_class];
        ++queued;
        ++counters.created;
        if (t >= warmup) {
            ++counters.window_created;
            counters.window_offered_ps += f->wire_ps;
        }
        return true;
    }
};

class FrameSource {
public:
    virtual ~FrameSource() = default;
    // Whether port's partner sends anything at all.
    virtual bool active(int port) const = 0;
    // Creates port's frames ready before `limit`, in time order, into `queues` (called once
    // per port and window, or per step of the shortest window that makes a frame, in
    // increasing `limit`). Returns a time (>= limit) before which the port makes no frame:
    // calls with a limit up to it would do nothing, and the caller skips them (with PFC, a
    // port sending a 1024 B frame every 90 ns steps every 16.5 ns).
    virtual TimePs create_until(int port, TimePs limit, PartnerQueues& queues) = 0;
    // Frames use traffic classes 0 .. classes() - 1.
    virtual int classes() const = 0;
    // Mean frames per picosecond over all ports (sizes the temporal-decoupling quantum).
    virtual double frames_per_ps() const = 0;
    // The most frames one port makes in any `window` ps (how full its queues can get
    // before any leaves); INT64_MAX: no bound (frames at a capture's timestamps, Poisson).
    virtual int64_t most_frames(TimePs) const { return INT64_MAX; }
    // The source's own report fields (a replay's `replay.*`); none for generated traffic.
    virtual void write_stats(Report&) const {}
    // The L2 entries the forwarding pipeline's tables need for these frames (a capture's
    // hosts); null: the address plan the generated frames follow.
    virtual const std::vector<fwd::L2Host>* l2_hosts() const { return nullptr; }
};

// What a source is built from: the partners' parameters (traffic.*), the switch's ports and
// their rate, the run's seed, pool and measurement window.
struct SourceContext {
    const ParameterSet& params;
    int ports;
    double port_speed_gbps;
    uint64_t seed;
    PacketPool& pool;
    TimePs warmup, end;
};

using SourceFactory = std::function<std::unique_ptr<FrameSource>(const SourceContext&)>;

// The registered sources (generated, pcap), chosen by traffic.source.
Registry<SourceFactory>& traffic_sources();
// Declares traffic.source (the registered names).
void declare_source_parameters(ParameterRegistry& r);

}  // namespace cposim
