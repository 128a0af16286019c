// Statistics of a package Monte Carlo: one summary per package (a CSV row), histograms of
// fibre alignment loss and lane margin, binomial confidence intervals, and the totals.
//
// Results must not depend on how packages were shared among workers: histograms hold
// integer counts (their merge is exact in any order), and every sum of real numbers is
// taken over the per-package summaries in package order.
#pragma once

#include <cstdint>
#include <vector>

#include "package_assembly.h"
#include "package_layout.h"

namespace cposim {

// Fixed-width bins over [lo, hi), with counts below and above.
class Histogram {
public:
    Histogram(double lo, double hi, double width);
    void add(double x);
    void merge(const Histogram& other);  // same bins
    int64_t count() const { return total_; }
    // The q-quantile, linear inside its bin (within one bin width); lo / hi outside the range.
    double quantile(double q) const;
    double lo() const { return lo_; }
    double width() const { return width_; }
    const std::vector<int64_t>& bins() const { return bins_; }
    int64_t below() const { return below_; }
    int64_t above() const { return above_; }

private:
    double lo_, width_;
    std::vector<int64_t> bins_;
    int64_t below_ = 0, above_ = 0, total_ = 0;
};

// Wilson score interval of a binomial proportion (successes of n), z = 1.96 for 95%
// (Wilson 1927, docs/references.md "Binomial confidence interval").
struct Interval {
    double low = 0, high = 1;
};
Interval wilson_interval(int64_t successes, int64_t n, double z = 1.959963984540054);

struct PackageSummary {
    int64_t index = 0;
    bool good = false, optics_pass = false, parts_good = false, asic_good = false;
    int engines_bad = 0, arrays_bad = 0, lasers_bad = 0, lasers_replaced = 0;
    int lanes_failed = 0, ports_failed = 0, ports_spared = 0;
    int64_t fibres = 0, lanes = 0;
    double alignment_loss_sum_db = 0, alignment_loss_max_db = 0;
    double lane_margin_sum_db = 0, worst_lane_margin_db = 0;
    int worst_port = 0;                 ///< the port with the highest pre-FEC BER (either direction)
    double worst_port_rx_ber = 0, worst_port_tx_ber = 0;
    double other_ports_max_ber = 0;     ///< the highest port BER among the other ports
    double cost_usd = 0;

    static PackageSummary of(const AssembledPackage& p);
};

// One worker's histograms.
struct YieldTally {
    Histogram alignment_loss_db{0, 40, 0.001};  ///< every fibre
    Histogram lane_margin_db{-40, 40, 0.01};    ///< every lane built, its worse direction
    void add(const AssembledPackage& p);
    void merge(const YieldTally& other);
};

struct YieldTotals {
    int64_t packages = 0, good = 0, optics_pass = 0, parts_good = 0;
    Interval package_ci95, optics_ci95;
    double yield_package = 0, yield_optics = 0, yield_parts = 0;
    double parts_expected = 0;  ///< the product formula over the parts' yields
    double asic_good_fraction = 0, engine_good_fraction = 0, laser_good_fraction = 0, array_good_fraction = 0;
    int64_t lanes = 0, lanes_failed = 0, ports_failed = 0, ports_spared = 0, lasers_replaced = 0;
    double alignment_loss_mean_db = 0, alignment_loss_p50_db = 0, alignment_loss_p99_db = 0, alignment_loss_max_db = 0;
    double lane_margin_mean_db = 0, lane_margin_p1_db = 0, lane_margin_min_db = 0;
    double cost_total_usd = 0, cost_per_package_usd = 0;
    double cost_per_good_package_usd = -1;  ///< -1 when no package is good
};

// summaries: in package order.
YieldTotals summarise(const std::vector<PackageSummary>& summaries, const YieldTally& tally,
                      const PackageLayout& layout, const AssemblyConfig& config);

}  // namespace cposim
