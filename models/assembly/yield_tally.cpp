#include "yield_tally.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cposim {

Histogram::Histogram(double lo, double hi, double width)
    : lo_(lo), width_(width), bins_(static_cast<size_t>(std::ceil((hi - lo) / width))) {}

void Histogram::add(double x) {
    ++total_;
    const double i = std::floor((x - lo_) / width_);
    if (i < 0) ++below_;
    else if (i >= static_cast<double>(bins_.size())) ++above_;
    else ++bins_[static_cast<size_t>(i)];
}

void Histogram::merge(const Histogram& o) {
    for (size_t i = 0; i < bins_.size(); ++i) bins_[i] += o.bins_[i];
    below_ += o.below_;
    above_ += o.above_;
    total_ += o.total_;
}

double Histogram::quantile(double q) const {
    if (total_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const double target = q * static_cast<double>(total_);
    double seen = static_cast<double>(below_);
    if (seen >= target && below_ > 0) return lo_;
    for (size_t i = 0; i < bins_.size(); ++i) {
        const double n = static_cast<double>(bins_[i]);
        if (n > 0 && seen + n >= target) return lo_ + width_ * (static_cast<double>(i) + (target - seen) / n);
        seen += n;
    }
    return lo_ + width_ * static_cast<double>(bins_.size());
}

Interval wilson_interval(int64_t successes, int64_t n, double z) {
    if (n <= 0) return {0, 1};
    const double nn = static_cast<double>(n), p = static_cast<double>(successes) / nn, z2 = z * z;
    const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    // At 0 or n successes the interval reaches the end exactly (rounding would leave it short).
    return {successes == 0 ? 0.0 : std::max(0.0, centre - half), successes == n ? 1.0 : std::min(1.0, centre + half)};
}

PackageSummary PackageSummary::of(const AssembledPackage& p) {
    PackageSummary s;
    s.index = p.index;
    s.good = p.good();
    s.optics_pass = p.optics_pass;
    s.parts_good = p.parts_good;
    s.asic_good = p.asic_good;
    s.engines_bad = p.engines_bad;
    s.arrays_bad = p.arrays_bad;
    s.lasers_bad = p.lasers_bad;
    s.lasers_replaced = p.lasers_replaced;
    s.lanes_failed = p.lanes_failed;
    s.ports_failed = p.ports_failed;
    s.ports_spared = p.ports_spared;
    s.fibres = static_cast<int64_t>(p.alignment_loss_db.size());
    s.lanes = static_cast<int64_t>(p.lanes.size());
    for (double l : p.alignment_loss_db) {
        s.alignment_loss_sum_db += l;
        s.alignment_loss_max_db = std::max(s.alignment_loss_max_db, l);
    }
    s.worst_lane_margin_db = std::numeric_limits<double>::infinity();
    for (const auto& l : p.lanes) {
        s.lane_margin_sum_db += l.worst_margin_db();
        s.worst_lane_margin_db = std::min(s.worst_lane_margin_db, l.worst_margin_db());
    }
    double worst = -1;
    for (size_t q = 0; q < p.port_rx_ber.size(); ++q) {
        const double b = std::max(p.port_rx_ber[q], p.port_tx_ber[q]);
        if (b > worst) {
            worst = b;
            s.worst_port = static_cast<int>(q);
        }
    }
    if (!p.port_rx_ber.empty()) {
        s.worst_port_rx_ber = p.port_rx_ber[static_cast<size_t>(s.worst_port)];
        s.worst_port_tx_ber = p.port_tx_ber[static_cast<size_t>(s.worst_port)];
    }
    for (size_t q = 0; q < p.port_rx_ber.size(); ++q)
        if (static_cast<int>(q) != s.worst_port)
            s.other_ports_max_ber = std::max({s.other_ports_max_ber, p.port_rx_ber[q], p.port_tx_ber[q]});
    s.cost_usd = p.cost_usd;
    return s;
}

void YieldTally::add(const AssembledPackage& p) {
    for (double l : p.alignment_loss_db) alignment_loss_db.add(l);
    for (const auto& l : p.lanes) lane_margin_db.add(l.worst_margin_db());
}

void YieldTally::merge(const YieldTally& o) {
    alignment_loss_db.merge(o.alignment_loss_db);
    lane_margin_db.merge(o.lane_margin_db);
}

YieldTotals summarise(const std::vector<PackageSummary>& summaries, const YieldTally& tally,
                      const PackageLayout& layout, const AssemblyConfig& c) {
    YieldTotals t;
    t.packages = static_cast<int64_t>(summaries.size());
    int64_t fibres = 0, asic_good = 0, engines_bad = 0, lasers_bad = 0, arrays_bad = 0;
    double loss_sum = 0, margin_sum = 0;
    t.lane_margin_min_db = std::numeric_limits<double>::infinity();
    for (const auto& s : summaries) {  // in package order: the sums do not depend on the workers
        t.good += s.good;
        t.optics_pass += s.optics_pass;
        t.parts_good += s.parts_good;
        asic_good += s.asic_good;
        engines_bad += s.engines_bad;
        lasers_bad += s.lasers_bad;
        arrays_bad += s.arrays_bad;
        t.lanes += s.lanes;
        t.lanes_failed += s.lanes_failed;
        t.ports_failed += s.ports_failed;
        t.ports_spared += s.ports_spared;
        t.lasers_replaced += s.lasers_replaced;
        fibres += s.fibres;
        loss_sum += s.alignment_loss_sum_db;
        margin_sum += s.lane_margin_sum_db;
        t.alignment_loss_max_db = std::max(t.alignment_loss_max_db, s.alignment_loss_max_db);
        t.lane_margin_min_db = std::min(t.lane_margin_min_db, s.worst_lane_margin_db);
        t.cost_total_usd += s.cost_usd;
    }
    const double n = static_cast<double>(std::max<int64_t>(1, t.packages));
    t.yield_package = static_cast<double>(t.good) / n;
    t.yield_optics = static_cast<double>(t.optics_pass) / n;
    t.yield_parts = static_cast<double>(t.parts_good) / n;
    t.package_ci95 = wilson_interval(t.good, t.packages);
    t.optics_ci95 = wilson_interval(t.optics_pass, t.packages);
    const double lasers = static_cast<double>(layout.laser_engine.size());
    // External lasers are replaced (only a yield of 0 leaves a slot empty); integrated ones scrap.
    const double laser_term = layout.external_laser ? (c.yields.laser > 0 || lasers == 0 ? 1.0 : 0.0)
                                                    : std::pow(c.yields.laser, lasers);
    t.parts_expected = c.yields.asic * std::pow(c.yields.engine, layout.engines) *
                       std::pow(c.yields.fibre_attach, layout.arrays) * laser_term;
    t.asic_good_fraction = static_cast<double>(asic_good) / n;
    t.engine_good_fraction = 1 - static_cast<double>(engines_bad) / (n * layout.engines);
    t.laser_good_fraction = lasers > 0 ? 1 - static_cast<double>(lasers_bad) / (n * lasers) : 1;
    t.array_good_fraction = 1 - static_cast<double>(arrays_bad) / (n * layout.arrays);
    t.alignment_loss_mean_db = fibres ? loss_sum / static_cast<double>(fibres) : 0;
    t.alignment_loss_p50_db = tally.alignment_loss_db.quantile(0.5);
    t.alignment_loss_p99_db = tally.alignment_loss_db.quantile(0.99);
    t.lane_margin_mean_db = t.lanes ? margin_sum / static_cast<double>(t.lanes) : 0;
    t.lane_margin_p1_db = tally.lane_margin_db.quantile(0.01);
    t.cost_per_package_usd = t.cost_total_usd / n;
    if (t.good > 0) t.cost_per_good_package_usd = t.cost_total_usd / static_cast<double>(t.good);
    return t;
}

}  // namespace cposim
