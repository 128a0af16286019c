// Multi-plane fabrics (fabric.planes = P): every GPU has a NIC port on each of P planes, GPU
// g's port on plane p being host p x G + g (G GPUs). A message between GPUs of different
// servers is striped into P parts, part p between the two GPUs' ports on plane p, of bytes / P
// each (the first bytes mod P parts one byte more; a message of fewer than P bytes uses its
// first planes); it has arrived when its last part has. Messages inside a server go over
// NVLink whole, between plane 0's ports (= the GPUs). The workload underneath (a collective,
// a trace) sees GPUs and whole messages only.
#pragma once

#include <memory>

#include "workload.h"

namespace cposim {

class PlaneStriping : public Workload {
public:
    /// same_server: whether two GPUs share a server (their messages go over NVLink).
    template <typename SameServer>
    PlaneStriping(std::unique_ptr<Workload> gpus_workload, int planes, int gpus, SameServer same_server)
        : inner_(std::move(gpus_workload)), planes_(planes), gpus_(gpus) {
        const auto& whole = inner_->messages();
        parts_of_.resize(whole.size());
        left_.assign(whole.size(), 0);
        latest_.assign(whole.size(), -1);
        for (uint32_t m = 0; m < whole.size(); ++m) {
            const CollectiveMessage& msg = whole[m];
            const int parts = same_server(msg.src, msg.dst) ? 1 : static_cast<int>(std::min<int64_t>(planes, msg.bytes));
            for (int p = 0; p < parts; ++p) {
                CollectiveMessage part = msg;
                part.src += p * gpus;
                part.dst += p * gpus;
                part.bytes = msg.bytes / parts + (p < msg.bytes % parts ? 1 : 0);
                parts_of_[m].push_back(static_cast<uint32_t>(parts_.size()));
                whole_of_.push_back(m);
                parts_.push_back(part);
            }
            left_[m] = parts;
        }
    }

    const std::vector<CollectiveMessage>& messages() const override { return parts_; }
    int ranks() const override { return (planes_ - 1) * gpus_ + inner_->ranks(); }
    std::vector<MessagePost> start() override { return striped(inner_->start(), 0); }
    std::vector<MessagePost> delivered(uint32_t part, TimePs t) override;
    bool complete() const override { return inner_->complete(); }
    TimePs completed_at() const override { return inner_->completed_at(); }
    /// The workload's own, its messages whole (posted: the first part's; delivered: the last).
    void write_summary(nlohmann::json& collective, const std::vector<TimePs>& posted,
                       const std::vector<TimePs>& delivered) const override;

private:
    // The parts of the released whole messages, `shift` later (their release time less the
    // caller's event time).
    std::vector<MessagePost> striped(const std::vector<MessagePost>& whole, TimePs shift) const;

    std::unique_ptr<Workload> inner_;
    int planes_, gpus_;
    std::vector<CollectiveMessage> parts_;
    std::vector<uint32_t> whole_of_;                 // part -> its message
    std::vector<std::vector<uint32_t>> parts_of_;    // message -> its parts
    std::vector<int> left_;                          // message -> parts not yet arrived
    std::vector<TimePs> latest_;                     // message -> its latest part's arrival
};

}  // namespace cposim
