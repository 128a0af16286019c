#include "clocked_pipelines.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "errors.h"
#include "run_control.h"

namespace cposim {

ClockedPipelines::ClockedPipelines(std::vector<ForwardingPipeline*> pipelines, int ports, double cycle_ps,
                                   int fifo_headers, TimePs warmup, TimePs end)
    : pipeline_of_port_(static_cast<size_t>(ports)), last_admission_(static_cast<size_t>(ports), 0),
      ports_per_pipeline_(ports / static_cast<int>(pipelines.size())), cycle_ps_(cycle_ps),
      whole_cycle_ps_(cycle_ps == std::floor(cycle_ps) ? static_cast<TimePs>(cycle_ps) : 0),
      fifo_headers_(fifo_headers), latency_(pipelines.front()->latency_cycles()), warmup_(warmup), end_(end) {
    for (ForwardingPipeline* model : pipelines) {
        if (!model->clocked() || model->latency_cycles() != latency_)
            throw ModelInconsistency("clocked pipelines: every pipeline must be clocked, with one latency");
        Pipeline pipe;
        pipe.model = model;
        pipelines_.push_back(std::move(pipe));
    }
    for (int port = 0; port < ports; ++port)
        pipeline_of_port_[static_cast<size_t>(port)] = static_cast<uint16_t>(port / ports_per_pipeline_);
}

int64_t ClockedPipelines::first_edge_at_or_after(TimePs t) const {
    if (whole_cycle_ps_) return (t + whole_cycle_ps_ - 1) / whole_cycle_ps_;
    int64_t k = static_cast<int64_t>(std::ceil(static_cast<double>(t) / cycle_ps_));
    while (edge(k) < t) ++k;  // the rounding of edges to whole picoseconds
    while (k > 0 && edge(k - 1) >= t) --k;
    return k;
}

void ClockedPipelines::arrive(Packet* p, int port, TimePs header_at, bool lost) {
    // Made in its place: a temporary copied in was stored in four pieces and loaded in two
    // (a stalled store forwarding, two thirds of the function's time).
    pipelines_[static_cast<size_t>(pipeline_of(port))].pending.emplace_back(header_at, port, p, lost);
}

void ClockedPipelines::schedule(Pipeline& pipe, const Arrival& a, TimePs& admission) {
    TimePs& last = last_admission_[static_cast<size_t>(a.port)];
    Packet* p = a.packet;
    if (a.lost) {  // no header to parse: dropped when it comes, after its port's earlier frames
        admission = last = std::max(a.header_at, last);
        return;
    }
    const int64_t arrival_edge = first_edge_at_or_after(a.header_at);
    // The headers still waiting to enter when this one comes: they take the clocks from its
    // arrival edge to the pipeline's next free clock, one each.
    const int64_t ahead = std::max<int64_t>(0, pipe.next_free - arrival_edge);
    const bool in_window = a.header_at >= warmup_ && a.header_at < end_;
    if (ahead + 1 > fifo_headers_) {
        p->drop_pending = true;
        p->drop_reason = static_cast<uint8_t>(DropReason::pipeline_overrun);
        p->traffic_class = 0;  // not classified: the pipeline never saw it
        if (in_window) ++pipe.overruns;
        admission = last = std::max(a.header_at, last);
        return;
    }
    const int64_t entry = std::max(arrival_edge, pipe.next_free);
    pipe.next_free = entry + 1;
    if (vcd_ && edge(entry) < end_) {  // the run's waves end where the run does
        trace_fifo(pipe, edge(arrival_edge));
        if (entry > arrival_edge) {  // it waits in the FIFO
            vcd_->change(pipe.vcd_fifo, edge(arrival_edge), static_cast<uint64_t>(++pipe.fifo_level));
            pipe.leaving.push_back(edge(entry));
        }
        vcd_->change(pipe.vcd_headers, edge(entry), static_cast<uint64_t>(++pipe.entered));
    }
    if (edge(entry) >= warmup_ && edge(entry) < end_) ++pipe.headers;  // its clock is in the window
    if (in_window) pipe.fifo_peak = std::max(pipe.fifo_peak, ahead + 1);
    pipe.model->header_enters(*p, static_cast<uint64_t>(entry));
    admission = edge(entry + latency_);
    if (admission < last)
        throw ModelInconsistency("clocked pipelines: port " + std::to_string(a.port) + " admitted out of order");
    last = admission;
}

void ClockedPipelines::trace(VcdWriter& vcd) {
    vcd_ = &vcd;
    for (size_t k = 0; k < pipelines_.size(); ++k) {
        const std::string scope = "switch.pipeline" + std::to_string(k);
        pipelines_[k].vcd_headers = vcd.add_variable(scope, "headers", 32);
        pipelines_[k].vcd_fifo = vcd.add_variable(scope, "fifo_headers", 16);
    }
}

void ClockedPipelines::trace_fifo(Pipeline& pipe, TimePs until) {
    while (!pipe.leaving.empty() && pipe.leaving.front() <= until && pipe.leaving.front() < end_) {
        vcd_->change(pipe.vcd_fifo, pipe.leaving.front(), static_cast<uint64_t>(--pipe.fifo_level));
        pipe.leaving.pop_front();
    }
    if (until == INT64_MAX) pipe.leaving.clear();
}

void ClockedPipelines::write_stats(Report& report) const {
    const double window_cycles = static_cast<double>(run_control::effective_end(end_) - warmup_) / cycle_ps_;
    nlohmann::json list = nlohmann::json::array();
    for (size_t k = 0; k < pipelines_.size(); ++k) {
        const Pipeline& p = pipelines_[k];
        const int first = static_cast<int>(k) * ports_per_pipeline_;
        list.push_back({{"pipeline", k},
                        {"ports", {first, first + ports_per_pipeline_ - 1}},
                        {"headers", p.headers},
                        {"utilisation", static_cast<double>(p.headers) / window_cycles},
                        {"fifo_peak_headers", p.fifo_peak},
                        {"overrun_drops", p.overruns}});
        if (const uint64_t clocks = p.model->clocks_simulated()) list.back()["rtl_clocks_simulated"] = clocks;
    }
    report.set("pipelines", list);
}

}  // namespace cposim
