// The switch's forwarding pipelines on its core clock (for clocked pipelines: the golden
// model and the RTL). Pipeline k serves the block of ports [k m, (k + 1) m), m = ports /
// pipelines. A frame's header is complete when its last bit is in (its first 64 bytes with
// cut-through); it enters its pipeline at the first clock edge at or after that, at most one
// header per clock per pipeline, in the order the headers completed (equal times: port
// order). Headers that find the pipeline busy wait in its ingress FIFO of
// `fifo_headers`; a header that finds the FIFO full is dropped (pipeline_overrun). The
// decision comes latency_cycles() clocks after the header entered: then the frame is
// admitted. Clock edge k is at round(k x cycle_ps) from time 0.
//
// The schedule depends only on when headers complete, so it is computed a window at a
// time: at the start of a window every frame whose header completes before the window's
// end has arrived (its first bit is in the window or before). Golden model, RTL and checked
// runs share it, and so produce the same report. The line rate follows: a pipeline keeps up
// while m x port rate / ((bytes + 20) x 8) <= core clock.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "bucket_sort.h"
#include "forwarding_pipeline.h"
#include "packet.h"
#include "report.h"
#include "vcd_writer.h"

namespace cposim {

class ClockedPipelines {
public:
    ClockedPipelines(std::vector<ForwardingPipeline*> pipelines, int ports, double cycle_ps, int fifo_headers,
                     TimePs warmup, TimePs end);

    int pipeline_of(int port) const { return pipeline_of_port_[static_cast<size_t>(port)]; }
    // The header of frame p on `port` is complete at `header_at`; `lost`: the frame was lost
    // on the wire and has no header to parse (it keeps its port's order, no clock).
    void arrive(Packet* p, int port, TimePs header_at, bool lost);
    // Schedules every header complete before `limit`, in time order, and calls
    // admit(port, t) with the time the port's next frame to come is to be admitted (or
    // dropped: lost on the wire, or pipeline_overrun, marked drop_pending): a port's frames
    // are admitted in the order they arrived.
    template <class Admit>
    void schedule_until(TimePs limit, Admit&& admit);
    // The decision for frame p, asked at its admission, in each pipeline's order.
    ForwardingDecision decide(const Packet& p, int port) {
        return pipelines_[static_cast<size_t>(pipeline_of(port))].model->decide(p);
    }

    // At the end of the run: the RTL simulates its clocks up to `end` (waves to the end).
    void run_until(TimePs end) {
        for (Pipeline& p : pipelines_) {
            p.model->run_until(static_cast<uint64_t>(first_edge_at_or_after(end)));
            if (vcd_) trace_fifo(p, INT64_MAX);  // the last headers leave
        }
    }
    // pipelines[k]: ports, headers, utilisation, fifo_peak_headers, overrun_drops.
    void write_stats(Report& report) const;
    // Waves under switch.pipeline<k>: `headers` (entered so far, changing at the clock edge a
    // header enters: where the RTL's s_axis handshake is) and `fifo_headers`. Written when
    // the window is scheduled, up to FIFO depth + latency clocks ahead of the switch.
    void trace(VcdWriter& vcd);

private:
    struct Arrival {
        Arrival(TimePs at, int on, Packet* p, bool was_lost) : header_at(at), port(on), packet(p), lost(was_lost) {}
        TimePs header_at;
        int port;
        Packet* packet;
        bool lost;
    };
    struct Pipeline {
        ForwardingPipeline* model = nullptr;
        std::vector<Arrival> pending;  // headers not yet scheduled, in arrival order
        int64_t next_free = 0;         // the first clock with no header yet
        int64_t headers = 0, overruns = 0, fifo_peak = 0;  // in the measurement window
        // waves
        int vcd_headers = -1, vcd_fifo = -1;
        int64_t entered = 0, fifo_level = 0;
        std::deque<TimePs> leaving;  // when the headers waiting in the FIFO enter
    };
    void trace_fifo(Pipeline& pipe, TimePs until);  // the FIFO's departures up to `until`
    TimePs edge(int64_t k) const {  // whole-picosecond periods (800 ps at 1.25 GHz) in integers
        return whole_cycle_ps_ ? k * whole_cycle_ps_ : static_cast<TimePs>(std::llround(static_cast<double>(k) * cycle_ps_));
    }
    int64_t first_edge_at_or_after(TimePs t) const;
    void schedule(Pipeline& pipe, const Arrival& a, TimePs& admission);

    // A window's ready headers as sort keys: time since the earliest (37 bits), port (11),
    // place in `pending` (16): one integer sort puts them in order, equal times by port and
    // then arrival (sorting the entries themselves cost 8% of a golden run); the keys'
    // times spread over the window, so a bucket sort by their top bits (bucket_sort.h).
    static constexpr int kIndexBits = 16, kPortBits = 11;
    static constexpr TimePs kLongestSpan = TimePs{1} << (64 - kIndexBits - kPortBits);
    std::vector<uint64_t> order_;
    BucketSort sorter_;
    std::vector<Pipeline> pipelines_;
    std::vector<uint16_t> pipeline_of_port_;  // a table: a division twice a header was on its critical path
    std::vector<TimePs> last_admission_;  // per port: its frames are admitted in order
    int ports_per_pipeline_;
    double cycle_ps_;
    TimePs whole_cycle_ps_;  // cycle_ps_ when it is a whole number of picoseconds, else 0
    int64_t fifo_headers_;
    uint32_t latency_;
    TimePs warmup_, end_;
    VcdWriter* vcd_ = nullptr;
};

template <class Admit>
void ClockedPipelines::schedule_until(TimePs limit, Admit&& admit) {
    for (Pipeline& pipe : pipelines_) {
        // Headers complete before the limit, in time order (equal times: port order, then
        // arrival order); later ones wait for the next window.
        std::vector<Arrival>& pending = pipe.pending;
        TimePs earliest = INT64_MAX;
        for (const Arrival& a : pending)
            if (a.header_at < limit) earliest = std::min(earliest, a.header_at);
        if (earliest == INT64_MAX) continue;
        order_.clear();  // ready headers' places in `pending`, in the order they are scheduled
        if (pending.size() <= (size_t{1} << kIndexBits) && limit - earliest < kLongestSpan &&
            last_admission_.size() <= (size_t{1} << kPortBits)) {
            for (size_t i = 0; i < pending.size(); ++i)
                if (pending[i].header_at < limit)
                    order_.push_back((static_cast<uint64_t>(pending[i].header_at - earliest) << (kIndexBits + kPortBits)) |
                                     (static_cast<uint64_t>(pending[i].port) << kIndexBits) | i);
            sorter_.sort(order_);
            for (uint64_t& key : order_) key &= (uint64_t{1} << kIndexBits) - 1;
        } else {  // beyond the keys' fields: the places sorted by (time, port), stably
            for (size_t i = 0; i < pending.size(); ++i)
                if (pending[i].header_at < limit) order_.push_back(i);
            std::stable_sort(order_.begin(), order_.end(), [&pending](uint64_t a, uint64_t b) {
                const Arrival &x = pending[a], &y = pending[b];
                return x.header_at != y.header_at ? x.header_at < y.header_at : x.port < y.port;
            });
        }
        for (uint64_t place : order_) {
            const Arrival& a = pending[place];
            TimePs admission;
            schedule(pipe, a, admission);
            admit(a.port, admission);
        }
        pending.erase(std::remove_if(pending.begin(), pending.end(), [limit](const Arrival& a) { return a.header_at < limit; }),
                      pending.end());
    }
}

}  // namespace cposim
