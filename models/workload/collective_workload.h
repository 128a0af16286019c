// The configured collective (workload.collective) as a workload: every GPU computes for
// workload.compute_us (stragglers longer) before each step's sends; with workload.jobs > 1
// each job completes on its own (at its last message's arrival) and the report lists them.
#pragma once

#include "collective.h"
#include "workload.h"

namespace cposim {

class CollectiveWorkload : public Workload {
public:
    CollectiveWorkload(const CollectiveConfig& config, uint64_t seed);

    const std::vector<CollectiveMessage>& messages() const override { return collective_.messages(); }
    int ranks() const override { return collective_.ranks(); }
    std::vector<MessagePost> start() override;
    std::vector<MessagePost> delivered(uint32_t m, TimePs t) override;
    bool complete() const override { return collective_.complete(); }
    TimePs completed_at() const override { return completed_at_; }
    /// name, gpus, bytes (S), algbw_gbps, bus_factor, busbw_gbps; several jobs: each one's.
    void write_summary(nlohmann::json& collective, const std::vector<TimePs>& posted,
                       const std::vector<TimePs>& delivered) const override;
    const Collective& collective() const { return collective_; }

private:
    std::vector<MessagePost> with_compute(const std::vector<uint32_t>& released) const;

    Collective collective_;
    std::vector<TimePs> job_completed_at_, latest_delivery_;  // per job
    TimePs completed_at_ = -1;
};

}  // namespace cposim
