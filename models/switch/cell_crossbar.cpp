#include "cell_crossbar.h"

#include <algorithm>

#include "units.h"

namespace cposim {

template <class Arbiter>
CellCrossbar<Arbiter>::CellCrossbar(const FabricContext& context, Inputs inputs, std::unique_ptr<Arbiter> arbiter)
    : config_(context.config), calendar_(context.calendar), egress_(context.egress), inputs_(inputs),
      n_(context.config.ports), arbiter_(std::move(arbiter)),
      queues_(static_cast<size_t>(inputs == Inputs::voq ? n_ * n_ : n_)), head_cells_crossed_(queues_.size(), 0),
      match_(static_cast<size_t>(n_), -1), matched_inputs_(static_cast<size_t>(n_)), all_outputs_(n_),
      slot_ps_(wire_time_ps_rounded(context.config.cell_bytes, context.config.port_speed_gbps)) {
    all_outputs_.fill();
}

template <class Arbiter>
double CellCrossbar<Arbiter>::capacity(const FrameMix& mix) const {
    if (mix.mean_cells <= 0) return 1.0;
    const double slot_bytes = config_.cell_bytes + 20.0;  // a slot is the wire time of a cell
    return std::min(1.0, config_.speedup * mix.mean_wire_bytes / (mix.mean_cells * slot_bytes));
}

template <class Arbiter>
void CellCrossbar<Arbiter>::write_stats(Report& report) const {
    FrameMix mix;
    if (admitted_ > 0) {
        mix.mean_wire_bytes = static_cast<double>(admitted_wire_bytes_) / static_cast<double>(admitted_);
        mix.mean_cells = static_cast<double>(admitted_cells_) / static_cast<double>(admitted_);
    }
    report.set("throughput.fabric_capacity_load", capacity(mix));
}

template <class Arbiter>
void CellCrossbar<Arbiter>::admit(TimePs t, Packet* p) {
    ++admitted_;
    admitted_wire_bytes_ += p->bytes + 20;
    admitted_cells_ += p->cells;
    PacketFifo& q = input_queue(p->src_port, p->egress_port);
    if (q.empty()) arbiter_->set_request(p->src_port, p->egress_port, true);  // a new head
    q.push(p);
    ++waiting_at_inputs_;
    if (!slot_scheduled_) {  // the next cell-slot boundary at or after t
        const TimePs slot = ((t + slot_ps_ - 1) / slot_ps_) * slot_ps_;
        calendar_.push(slot, EventKind::crossbar_slot, 0);
        slot_scheduled_ = true;
    }
}

template <class Arbiter>
void CellCrossbar<Arbiter>::on_event(TimePs t, EventKind kind, uint32_t) {
    if (kind == EventKind::crossbar_slot)
        on_slot(t);
    else
        on_egress_arrival(t);
}

template <class Arbiter>
void CellCrossbar<Arbiter>::on_slot(TimePs t) {
    slot_scheduled_ = false;
    for (int phase = 0; phase < config_.speedup && waiting_at_inputs_ > 0; ++phase) {
        // A cell moved in this matching reaches its output at the end of the matching.
        const TimePs arrive = t + slot_ps_ * (phase + 1) / config_.speedup;
        arbiter_->match(match_);
        // The matched inputs listed without a branch on which are (random), and their heads,
        // which have waited long enough to be out of the cache, fetched all first so that
        // their misses overlap.
        size_t matched = 0;
        for (int i = 0; i < n_; ++i) {
            matched_inputs_[matched] = i;
            matched += match_[static_cast<size_t>(i)] >= 0;
        }
        for (size_t k = 0; k < matched; ++k) {
            const int i = matched_inputs_[k];
            __builtin_prefetch(input_queue(i, match_[static_cast<size_t>(i)]).front());
        }
        Crossing* crossing = nullptr;
        for (size_t k = 0; k < matched; ++k) {
            const int i = matched_inputs_[k];
            const int out = match_[static_cast<size_t>(i)];
            Packet* p = cross_one_cell(i, out);
            if (!p) continue;
            if (!crossing) {
                crossing = &crossings_.emplace_back();  // a reused slot: its fields as it left them
                if (crossing->frame_of_output.empty()) {
                    crossing->outputs = PortSet(n_);
                    crossing->frame_of_output.resize(static_cast<size_t>(n_));
                }
                calendar_.push(arrive, EventKind::egress_arrival, 0);
            }
            crossing->outputs.set(out);
            crossing->frame_of_output[static_cast<size_t>(out)] = p;
            ++crossed_frames_;
        }
    }
    if (waiting_at_inputs_ > 0) {
        calendar_.push(t + slot_ps_, EventKind::crossbar_slot, 0);
        slot_scheduled_ = true;
    }
}

// The frame whose last cell this moved, now out of its input queue; nullptr if its head
// frame has cells left.
template <class Arbiter>
Packet* CellCrossbar<Arbiter>::cross_one_cell(int in, int out) {
    const size_t index = queue_index(in, out);
    PacketFifo& q = queues_[index];
    Packet* p = q.front();
    if (++head_cells_crossed_[index] < p->cells) return nullptr;
    head_cells_crossed_[index] = 0;
    q.pop();
    --waiting_at_inputs_;
    // The input's request follows its queue's head: gone when empty, another output's when
    // a FIFO's next frame wants one (a VOQ's frames all want its output: its next frame,
    // likely not in the cache, is not read).
    if (q.empty()) {
        arbiter_->set_request(in, out, false);
    } else if (inputs_ == Inputs::voq) {
        // The next frame crosses when this VOQ is matched again, many slots on: fetched now,
        // it comes from a nearer cache than the memory it was parked in.
        __builtin_prefetch(q.front());
    } else if (inputs_ == Inputs::fifo) {
        // The new head's output is read now; the frame after it, fetched now, is read when
        // this one leaves (parked frames are out of the cache).
        const Packet* head = q.front();
        if (head->next) __builtin_prefetch(head->next);
        if (head->egress_port != out) {
            arbiter_->set_request(in, out, false);
            arbiter_->set_request(in, head->egress_port, true);
        }
    }
    return p;
}

template <class Arbiter>
void CellCrossbar<Arbiter>::on_egress_arrival(TimePs t) {
    Crossing& crossing = crossings_.front();
    crossing.outputs.for_each(all_outputs_, [&](int out) {
        --crossed_frames_;
        egress_.to_egress_queue(t, crossing.frame_of_output[static_cast<size_t>(out)]);
    });
    crossing.outputs.reset();
    crossings_.pop_front();
}

template class CellCrossbar<IslipArbiter>;
template class CellCrossbar<RandomFifoArbiter>;

}  // namespace cposim
