// An input-queued switch's crossbar: admitted frames wait at their input, in virtual output
// queues (one per input and output: no head-of-line blocking) or in one FIFO per input;
// every cell slot (the wire time of cell_bytes + 20 bytes at the port rate) the arbiter
// matches inputs to outputs `speedup` times, and each matched input moves one cell. A frame
// joins its egress queue when its last cell has crossed, at the end of that matching.
//
// Capacity: a frame of b bytes takes ceil(b / cell) slots of an input and an output, while
// its wire time is (b + 20) / (cell + 20) slots, so even a perfect matching carries at most
// speedup x mean(b + 20) / (mean(ceil(b / cell)) x (cell + 20)) of the line rate: 64 B
// frames in 256 B cells at speedup 1 get 84 / 276 = 30%.
#pragma once

#include <memory>
#include <vector>

#include "crossbar_arbiter.h"
#include "packet_pool.h"
#include "port_set.h"
#include "queueing_fabric.h"
#include "ring_queue.h"

namespace cposim {

enum class CrossbarInputs { voq, fifo };

// Arbiter: a final CrossbarArbiter, held by its own type so that its set_request (twice per
// frame) is called directly, inline; cell_crossbar.cpp instantiates the built-in ones.
template <class Arbiter>
class CellCrossbar final : public QueueingFabric {
public:
    using Inputs = CrossbarInputs;
    CellCrossbar(const FabricContext& context, Inputs inputs, std::unique_ptr<Arbiter> arbiter);

    void admit(TimePs t, Packet* p) override;
    void on_event(TimePs t, EventKind kind, uint32_t port) override;
    int64_t holding() const override { return waiting_at_inputs_ + crossed_frames_; }
    double capacity(const FrameMix& mix) const override;
    void write_stats(Report& report) const override;

private:
    size_t queue_index(int in, int out) const { return static_cast<size_t>(inputs_ == Inputs::voq ? in * n_ + out : in); }
    PacketFifo& input_queue(int in, int out) { return queues_[queue_index(in, out)]; }
    void on_slot(TimePs t);
    Packet* cross_one_cell(int in, int out);
    void on_egress_arrival(TimePs t);

    const SwitchConfig& config_;
    EventCalendar& calendar_;
    EgressQueues& egress_;
    Inputs inputs_;
    int n_;
    std::unique_ptr<Arbiter> arbiter_;
    std::vector<PacketFifo> queues_;   // voq: (in * n + out); fifo: in
    // Per input queue: the cells its head frame has moved. Kept here, not in the frame: a
    // frame parked in an overloaded crossbar is out of the cache, and only its first line
    // (its size, its link) is read when it crosses.
    std::vector<int> head_cells_crossed_;
    // The frames whose last cell one matching moved, each to its own output (a matching
    // gives an output one cell): they join their egress queues together at the matching's
    // end, in port order, on one calendar event (no other event sorts among a time's egress
    // arrivals, so this is the order an event per frame ran in).
    struct Crossing {
        PortSet outputs;
        std::vector<Packet*> frame_of_output;
    };
    RingQueue<Crossing> crossings_;  // by arrival time; a matching's time is its own
    std::vector<int> match_;
    std::vector<int> matched_inputs_;  // the inputs match_ gives an output, in input order
    PortSet all_outputs_;
    int64_t waiting_at_inputs_ = 0, crossed_frames_ = 0;
    int64_t admitted_ = 0, admitted_wire_bytes_ = 0, admitted_cells_ = 0;  // the mix it was given
    TimePs slot_ps_ = 0;
    bool slot_scheduled_ = false;
};

}  // namespace cposim
