#include "yield_report.h"

#include "atomic_file.h"

#include <fstream>

#include <fmt/format.h>

#include "errors.h"

namespace cposim {

namespace {

void write_histogram(const Histogram& h, const std::string& path, const std::string& unit) {
    AtomicOutput out(path);
    out << "low_" << unit << ",high_" << unit << ",count\n";
    // The populated range only; counts outside the histogram's range go to its end bins' rows.
    const auto& bins = h.bins();
    size_t first = bins.size(), last = 0;
    for (size_t i = 0; i < bins.size(); ++i)
        if (bins[i] > 0) first = std::min(first, i), last = i;
    if (h.below() > 0) out << "-inf," << fmt::format("{}", h.lo()) << "," << h.below() << "\n";
    for (size_t i = first; i <= last && i < bins.size(); ++i)
        out << fmt::format("{},{},{}\n", h.lo() + h.width() * static_cast<double>(i),
                           h.lo() + h.width() * static_cast<double>(i + 1), bins[i]);
    if (h.above() > 0)
        out << fmt::format("{},inf,{}\n", h.lo() + h.width() * static_cast<double>(bins.size()), h.above());
    out.commit();
}

}  // namespace

nlohmann::json yield_report(const SwitchPackageModel& model, const MonteCarloResult& result) {
    const YieldTotals& t = result.totals;
    const PackageLayout& l = model.layout();
    const AssemblyConfig& c = model.config();
    const EngineBudget& b = model.budgets().front();
    nlohmann::json r;
    r["packages"] = t.packages;
    r["seed"] = c.seed;
    r["package"] = {
        {"engines", l.engines},
        {"ports", l.ports},
        {"lanes_per_port", l.lanes_per_port},
        {"spare_lanes_per_port", l.spare_lanes},
        {"lanes_built", static_cast<int64_t>(l.lanes.size())},
        {"lasers", static_cast<int64_t>(l.laser_engine.size())},
        {"laser", l.external_laser ? "external" : "integrated"},
        {"fibres", static_cast<int64_t>(l.fibres.size())},
        {"fibre_arrays", l.arrays},
        {"coupler", coupler_name(c.coupler)},
        {"coupler_base_loss_db", c.base_loss_db},
        {"mode_mismatch_loss_db", mode_mismatch_loss_db(c.modes)},
        {"nominal_facet_loss_db", b.nominal_facet_loss_db},
        {"nominal_margin_db", b.margin_db},
    };
    r["alignment_loss_db"] = {{"mean", t.alignment_loss_mean_db},
                              {"p50", t.alignment_loss_p50_db},
                              {"p99", t.alignment_loss_p99_db},
                              {"max", t.alignment_loss_max_db}};
    r["coupling_loss_db"] = {{"mean", c.base_loss_db + t.alignment_loss_mean_db},
                             {"p99", c.base_loss_db + t.alignment_loss_p99_db},
                             {"max", c.base_loss_db + t.alignment_loss_max_db}};
    r["lane_margin_db"] = {{"mean", t.lane_margin_mean_db}, {"p1", t.lane_margin_p1_db}, {"min", t.lane_margin_min_db}};
    r["yield"] = {
        {"package", t.yield_package},
        {"package_ci95", {t.package_ci95.low, t.package_ci95.high}},
        {"packages_good", t.good},
        {"optics", t.yield_optics},
        {"optics_ci95", {t.optics_ci95.low, t.optics_ci95.high}},
        {"parts", t.yield_parts},
        {"parts_expected", t.parts_expected},
        {"asic", t.asic_good_fraction},
        {"engine", t.engine_good_fraction},
        {"laser_first_fit", t.laser_good_fraction},
        {"fibre_attach", t.array_good_fraction},
        {"lane", t.lanes ? 1 - static_cast<double>(t.lanes_failed) / static_cast<double>(t.lanes) : 1.0},
        {"lanes_failed", t.lanes_failed},
        {"lanes", t.lanes},
        {"ports_failed", t.ports_failed},
        {"ports_spared", t.ports_spared},
        {"lasers_replaced", t.lasers_replaced},
    };
    r["cost_usd"] = {{"total", t.cost_total_usd},
                     {"per_package_built", t.cost_per_package_usd},
                     {"per_good_package", t.good > 0 ? nlohmann::json(t.cost_per_good_package_usd) : nlohmann::json()}};
    return r;
}

void write_packages_csv(const MonteCarloResult& result, const std::string& path) {
    AtomicOutput out(path);
    out << "package,good,optics_pass,parts_good,asic_good,engines_bad,fibre_arrays_bad,lasers_bad,lasers_replaced,"
           "lanes_failed,ports_failed,ports_spared,worst_lane_margin_db,alignment_loss_max_db,alignment_loss_mean_db,"
           "worst_port,worst_port_pre_fec_ber_rx,worst_port_pre_fec_ber_tx,other_ports_max_pre_fec_ber,cost_usd\n";
    for (const auto& s : result.packages)
        out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", s.index, int(s.good),
                           int(s.optics_pass), int(s.parts_good), int(s.asic_good), s.engines_bad, s.arrays_bad,
                           s.lasers_bad, s.lasers_replaced, s.lanes_failed, s.ports_failed, s.ports_spared,
                           s.worst_lane_margin_db, s.alignment_loss_max_db,
                           s.fibres ? s.alignment_loss_sum_db / static_cast<double>(s.fibres) : 0.0, s.worst_port,
                           s.worst_port_rx_ber, s.worst_port_tx_ber, s.other_ports_max_ber, s.cost_usd);
    out.commit();
}

void write_histograms(const MonteCarloResult& result, const std::string& dir) {
    write_histogram(result.tally.alignment_loss_db, dir + "/alignment_loss_hist.csv", "db");
    write_histogram(result.tally.lane_margin_db, dir + "/lane_margin_hist.csv", "db");
}

void print_yield_summary(std::ostream& out, const nlohmann::json& r) {
    const auto& p = r.at("package");
    const auto& y = r.at("yield");
    const auto& a = r.at("alignment_loss_db");
    const auto& m = r.at("lane_margin_db");
    const auto& cost = r.at("cost_usd");
    out << fmt::format("  package      {} engines, {} ports x {} lanes (+{} spares), {} {} lasers, {} fibres in {} arrays, {} couplers\n",
                       p.at("engines").get<int>(), p.at("ports").get<int>(), p.at("lanes_per_port").get<int>(),
                       p.at("spare_lanes_per_port").get<int>(), p.at("lasers").get<int>(),
                       p.at("laser").get<std::string>(), p.at("fibres").get<int>(), p.at("fibre_arrays").get<int>(),
                       p.at("coupler").get<std::string>());
    out << fmt::format("  alignment    loss mean {:.3f} dB  p99 {:.3f}  max {:.3f} dB (offset, gap, tilt, mismatch; "
                       "base {:.2f} dB apart, nominal facet {:.2f} dB)\n",
                       a.at("mean").get<double>(), a.at("p99").get<double>(), a.at("max").get<double>(),
                       p.at("coupler_base_loss_db").get<double>(), p.at("nominal_facet_loss_db").get<double>());
    out << fmt::format("  lanes        margin mean {:.2f} dB  p1 {:.2f}  min {:.2f} dB (nominal {:.2f}); failed {} of {}, "
                       "ports failed {}, saved by spares {}\n",
                       m.at("mean").get<double>(), m.at("p1").get<double>(), m.at("min").get<double>(),
                       p.at("nominal_margin_db").get<double>(), y.at("lanes_failed").get<int64_t>(),
                       y.at("lanes").get<int64_t>(), y.at("ports_failed").get<int64_t>(), y.at("ports_spared").get<int64_t>());
    out << fmt::format("  yield        package {:.4f} (95% CI {:.4f} to {:.4f}), {} of {} good: optics {:.4f}, "
                       "parts {:.4f} (product formula {:.4f})\n",
                       y.at("package").get<double>(), y.at("package_ci95")[0].get<double>(),
                       y.at("package_ci95")[1].get<double>(), y.at("packages_good").get<int64_t>(),
                       r.at("packages").get<int64_t>(), y.at("optics").get<double>(), y.at("parts").get<double>(),
                       y.at("parts_expected").get<double>());
    out << fmt::format("  cost         {:.0f} USD per package built, {} per good package; {} lasers replaced\n",
                       cost.at("per_package_built").get<double>(),
                       cost.at("per_good_package").is_null() ? std::string("none good: no cost")
                                                            : fmt::format("{:.0f} USD", cost.at("per_good_package").get<double>()),
                       y.at("lasers_replaced").get<int64_t>());
}

}  // namespace cposim
