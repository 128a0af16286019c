#include "collective_workload.h"

#include <algorithm>

namespace cposim {

CollectiveWorkload::CollectiveWorkload(const CollectiveConfig& config, uint64_t seed)
    : collective_(config, seed),
      job_completed_at_(static_cast<size_t>(collective_.jobs()), -1),
      latest_delivery_(static_cast<size_t>(collective_.jobs()), -1) {}

std::vector<MessagePost> CollectiveWorkload::with_compute(const std::vector<uint32_t>& released) const {
    std::vector<MessagePost> out;
    out.reserve(released.size());
    for (uint32_t m : released) out.push_back({m, collective_.compute_delay_ps(collective_.messages()[m].src)});
    return out;
}

std::vector<MessagePost> CollectiveWorkload::start() { return with_compute(collective_.start()); }

std::vector<MessagePost> CollectiveWorkload::delivered(uint32_t m, TimePs t) {
    std::vector<MessagePost> out = with_compute(collective_.delivered(m));  // the GPU computes, then sends its next step
    // A job completes at its latest delivery, not at the one reported last.
    const auto job = static_cast<size_t>(collective_.job_of(collective_.messages()[m].dst));
    latest_delivery_[job] = std::max(latest_delivery_[job], t);
    if (job_completed_at_[job] < 0 && collective_.job_complete(static_cast<int>(job)))
        job_completed_at_[job] = latest_delivery_[job];
    if (collective_.complete()) completed_at_ = *std::max_element(job_completed_at_.begin(), job_completed_at_.end());
    return out;
}

void CollectiveWorkload::write_summary(nlohmann::json& out, const std::vector<TimePs>&,
                                       const std::vector<TimePs>&) const {
    const CollectiveConfig& config = collective_.config();
    const bool done = completed_at_ >= 0;
    const double t_done = static_cast<double>(completed_at_) * 1e-12;
    const double algbw = done && t_done > 0 ? collective_.algbw_bytes() * 8.0 / t_done * 1e-9 : 0.0;
    const bool moves_data = collective_.algbw_bytes() > 0;  // a barrier has no bandwidth
    auto or_null = [&](double v) { return done && moves_data ? nlohmann::json(v) : nlohmann::json(nullptr); };
    out["name"] = collective_name(config.kind);
    out["gpus"] = collective_.ranks();
    out["bytes"] = moves_data ? config.bytes : 0.0;
    out["algbw_gbps"] = or_null(algbw);
    out["bus_factor"] = moves_data ? nlohmann::json(collective_.bus_factor()) : nlohmann::json(nullptr);
    out["busbw_gbps"] = or_null(algbw * collective_.bus_factor());
    if (collective_.jobs() > 1) {  // each job's own completion and bandwidths
        nlohmann::json jobs = nlohmann::json::array();
        for (int j = 0; j < collective_.jobs(); ++j) {
            const TimePs t = job_completed_at_[static_cast<size_t>(j)];
            const double algbw_j = t > 0 ? collective_.algbw_bytes() * 8.0 / (static_cast<double>(t) * 1e-12) * 1e-9 : 0.0;
            jobs.push_back({{"job", j},
                            {"completion_us", t >= 0 ? nlohmann::json(static_cast<double>(t) * 1e-6) : nlohmann::json(nullptr)},
                            {"busbw_gbps", t >= 0 && moves_data ? nlohmann::json(algbw_j * collective_.bus_factor())
                                                                : nlohmann::json(nullptr)}});
        }
        out["jobs"] = jobs;
        out["gpus_per_job"] = collective_.ranks_per_job();
    }
}

}  // namespace cposim
