// The Monte Carlo over N assembled packages of a scenario's switch, shared among worker
// threads. Package K always draws from (assembly.seed, K) and its summary lands in slot K, so
// the results are the same for any number of workers (yield_tally.h says how the totals stay
// so too).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "assembly_config.h"
#include "package_assembly.h"
#include "package_layout.h"
#include "parameters.h"
#include "phy_config.h"
#include "yield_tally.h"

namespace cposim {

// What drawing a package of the scenario's switch needs, built from the parameters as the
// run's SwitchNode builds its optics: the switch's PHY, each engine's own values
// (per-instance overrides of switch.engine<e>), their budgets, the layout.
class SwitchPackageModel {
public:
    explicit SwitchPackageModel(const ParameterSet& params);
    SwitchPackageModel(const SwitchPackageModel&) = delete;  // large: built once, shared by the workers
    SwitchPackageModel& operator=(const SwitchPackageModel&) = delete;

    const AssemblyConfig& config() const { return config_; }
    const PhyConfig& phy() const { return phy_; }
    const PackageLayout& layout() const { return layout_; }
    const std::vector<EngineBudget>& budgets() const { return budgets_; }
    AssembledPackage assemble(int64_t index) const {
        return assemble_package(layout_, config_, budgets_, phy_.port, index);
    }

private:
    AssemblyConfig config_;
    PhyConfig phy_;
    std::vector<PhyConfig> engine_configs_;
    std::vector<EngineBudget> budgets_;
    PackageLayout layout_;
};

struct MonteCarloResult {
    std::vector<PackageSummary> packages;  ///< in package order
    YieldTally tally;
    YieldTotals totals;
};

// Packages 0 .. count - 1 on `jobs` threads. `progress(done)` is called now and then from the
// calling thread (and once at the end) while the workers run.
MonteCarloResult run_package_monte_carlo(const SwitchPackageModel& model, int64_t count, int jobs,
                                         const std::function<void(int64_t done)>& progress);

}  // namespace cposim
