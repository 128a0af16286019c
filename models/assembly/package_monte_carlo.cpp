#include "package_monte_carlo.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

namespace cposim {

SwitchPackageModel::SwitchPackageModel(const ParameterSet& params) {
    const ParameterSet sw = params.for_instance("switch");
    const PortShape shape = PortShape::from(sw);
    config_ = AssemblyConfig::from(sw);
    phy_ = PhyConfig::from(sw, shape);
    engine_configs_.reserve(static_cast<size_t>(phy_.engines()));  // budgets keep pointers into it
    for (int e = 0; e < phy_.engines(); ++e)
        engine_configs_.push_back(PhyConfig::from(params.for_instance("switch.engine" + std::to_string(e)), shape));
    for (const auto& ec : engine_configs_) budgets_.push_back(EngineBudget::from(ec));
    layout_ = PackageLayout::from(phy_, shape.ports, config_);
}

MonteCarloResult run_package_monte_carlo(const SwitchPackageModel& model, int64_t count, int jobs,
                                         const std::function<void(int64_t done)>& progress) {
    MonteCarloResult r;
    r.packages.resize(static_cast<size_t>(count));
    std::vector<YieldTally> tallies(static_cast<size_t>(jobs));
    std::atomic<int64_t> next{0}, done{0};
    std::mutex mutex;  // guards failure and finished
    std::condition_variable finished_cv;
    std::exception_ptr failure;
    int finished = 0;
    auto work = [&](size_t worker) {
        try {
            for (int64_t k; (k = next.fetch_add(1)) < count;) {
                const AssembledPackage p = model.assemble(k);
                r.packages[static_cast<size_t>(k)] = PackageSummary::of(p);
                tallies[worker].add(p);
                done.fetch_add(1);
            }
        } catch (...) {
            next.store(count);  // the others stop too
            const std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
        }
        const std::lock_guard<std::mutex> lock(mutex);
        ++finished;
        finished_cv.notify_one();
    };
    std::vector<std::thread> workers;
    for (int j = 0; j < jobs; ++j) workers.emplace_back(work, static_cast<size_t>(j));
    {  // the calling thread reports progress until every worker is done
        std::unique_lock<std::mutex> lock(mutex);
        while (!finished_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return finished == jobs; })) {
            lock.unlock();
            progress(done.load());
            lock.lock();
        }
    }
    for (auto& w : workers) w.join();
    if (failure) std::rethrow_exception(failure);
    progress(done.load());
    for (const auto& t : tallies) r.tally.merge(t);
    r.totals = summarise(r.packages, r.tally, model.layout(), model.config());
    return r;
}

}  // namespace cposim
