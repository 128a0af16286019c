// The package Monte Carlo (models/assembly) against independent expectations: the Rayleigh
// law of a Gaussian lateral offset within a loss budget, the bow of a warped array by hand,
// the product formula for independent parts, the expected laser replacements, spares
// recounted from the lanes, and the Wilson interval by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "all_parameters.h"
#include "package_monte_carlo.h"
#include "run_cposim.h"

using namespace cposim;

namespace {

ParameterSet scenario(const std::vector<std::string>& sets) {
    ParameterSet p(parameter_registry());
    p.load_yaml_file(source_path("configs/cpo-51t2.yaml"));
    for (const auto& s : sets) p.apply_override(s);
    return p;
}

// Only a lateral offset: no gap, tilt or bow.
const std::vector<std::string> lateral_only = {"assembly.axial_gap_um=0", "assembly.axial_sigma_um=0",
                                               "assembly.tilt_sigma_deg=0", "assembly.warpage_um=0",
                                               "assembly.warpage_sigma_um=0"};

// |observed - expected| within 5 binomial standard deviations.
void check_binomial(int64_t hits, int64_t n, double p) {
    const double sd = std::sqrt(n * p * (1 - p));
    INFO("hits " << hits << " of " << n << ", expected " << n * p << " +- " << sd);
    CHECK(std::fabs(static_cast<double>(hits) - n * p) <= 5 * sd + 1);
}

}  // namespace

TEST_CASE("a Gaussian lateral offset stays within a loss budget with the Rayleigh probability", "[assembly][yield]") {
    // dx, dy ~ N(0, sigma): P(d <= d_max) = 1 - exp(-d_max^2 / (2 sigma^2)), d_max from the
    // closed form: loss = mismatch + 10 log10(e) 2 d^2 / (w1^2 + w2^2).
    auto sets = lateral_only;
    sets.push_back("assembly.lateral_sigma_um=0.8");
    const SwitchPackageModel model(scenario(sets));
    const double w1 = 4.6, w2 = 4.0, sigma = 0.8;
    const double mismatch = -20 * std::log10(2 * w1 * w2 / (w1 * w1 + w2 * w2));
    for (double budget : {0.3, 0.8, 1.5}) {
        const double d2 = (budget - mismatch) / (10 * std::log10(std::exp(1.0))) * (w1 * w1 + w2 * w2) / 2;
        const double p = 1 - std::exp(-d2 / (2 * sigma * sigma));
        int64_t within = 0, fibres = 0;
        for (int k = 0; k < 40; ++k)
            for (double loss : model.assemble(k).alignment_loss_db) {
                within += loss <= budget;
                ++fibres;
            }
        check_binomial(within, fibres, p);
    }
}

TEST_CASE("a bias shifts every fibre: the offset is Rice-distributed, checked on one axis", "[assembly][yield]") {
    // With sigma 0 the loss is the closed form at d = bias for every fibre.
    auto sets = lateral_only;
    sets.push_back("assembly.lateral_sigma_um=0");
    sets.push_back("assembly.lateral_bias_um=1.5");
    const SwitchPackageModel model(scenario(sets));
    const double expected = -20 * std::log10(36.8 / 37.16) + 10 * std::log10(std::exp(1.0)) * 2 * 1.5 * 1.5 / 37.16;
    for (double loss : model.assemble(3).alignment_loss_db) CHECK(loss == Approx(expected).epsilon(1e-9));
}

TEST_CASE("an array's bow moves each edge-coupled fibre by B (1 - u^2), by hand", "[assembly][yield]") {
    auto sets = lateral_only;
    sets.push_back("assembly.lateral_sigma_um=0");
    sets.push_back("assembly.warpage_um=3");
    const SwitchPackageModel model(scenario(sets));
    const PackageLayout& l = model.layout();
    REQUIRE(l.arrays == 8);  // one array per engine
    REQUIRE(l.fibres.size() == 8u * (64 * 2 + 8));
    const auto loss = model.assemble(0).alignment_loss_db;
    const int n = 136;  // fibres per array: 64 lanes x (tx, rx) + 8 laser fibres
    for (int i : {0, 17, 40, 67, 68, 100, 135}) {
        const double u = (2.0 * i - (n - 1)) / (n - 1), d = 3 * (1 - u * u);
        const double expected = -20 * std::log10(36.8 / 37.16) + 10 * std::log10(std::exp(1.0)) * 2 * d * d / 37.16;
        CHECK(loss[static_cast<size_t>(i)] == Approx(expected).epsilon(1e-9));
    }
}

TEST_CASE("package yield of independent parts follows the product formula", "[assembly][yield]") {
    // Integrated lasers scrap the package; alignment perfect (all optics pass).
    const std::vector<std::string> sets = {
        "switch.ports=16", "laser.type=integrated", "assembly.lateral_sigma_um=0", "assembly.axial_sigma_um=0",
        "assembly.tilt_sigma_deg=0", "assembly.warpage_um=0", "assembly.warpage_sigma_um=0",
        "assembly.asic_yield=0.99", "assembly.engine_yield=0.95", "assembly.laser_yield=0.99",
        "assembly.fibre_attach_yield=0.97", "assembly.fibres_per_array=32"};
    const SwitchPackageModel model(scenario(sets));
    const PackageLayout& l = model.layout();
    REQUIRE(l.engines == 2);
    REQUIRE(l.laser_engine.size() == 16u);  // 128 lanes, 8 per laser
    REQUIRE(l.arrays == 8);                 // 2 x 128 fibres in arrays of 32
    const double product = 0.99 * std::pow(0.95, 2) * std::pow(0.99, 16) * std::pow(0.97, 8);
    const int64_t n = 20000;
    const MonteCarloResult r = run_package_monte_carlo(model, n, 2, [](int64_t) {});
    CHECK(r.totals.optics_pass == n);
    CHECK(r.totals.parts_expected == Approx(product).epsilon(1e-12));
    check_binomial(r.totals.good, n, product);
    // The confidence interval holds the product formula.
    CHECK(r.totals.package_ci95.low <= product);
    CHECK(product <= r.totals.package_ci95.high);
}

TEST_CASE("external lasers are replaced: no scrap, (1 - y) / y replacements per laser", "[assembly][yield]") {
    const std::vector<std::string> sets = {"switch.ports=16", "assembly.laser_yield=0.9", "assembly.lateral_sigma_um=0"};
    const SwitchPackageModel model(scenario(sets));
    const int64_t n = 4000;
    const MonteCarloResult r = run_package_monte_carlo(model, n, 1, [](int64_t) {});
    CHECK(r.totals.good == n);
    // Replacements until a good one: 1 + Geometric failures per bad laser, mean 1 / y per bad
    // one; per laser (1 - y) / y. Variance of a geometric count: (1 - y) / y^2 per laser.
    const double lasers = 16.0 * n, mean = lasers * 0.1 / 0.9, sd = std::sqrt(lasers * 0.1 / (0.9 * 0.9));
    CHECK(std::fabs(static_cast<double>(r.totals.lasers_replaced) - mean) < 5 * sd);
}

TEST_CASE("spare lanes cover failed lanes: a port fails only with more failures than spares", "[assembly][yield]") {
    const std::vector<std::string> sets = {"switch.ports=16", "assembly.lateral_sigma_um=1.3", "assembly.spare_lanes=1"};
    const SwitchPackageModel model(scenario(sets));
    const int built = model.layout().lanes_per_port_built();
    REQUIRE(built == 9);
    int64_t spared = 0;
    for (int k = 0; k < 50; ++k) {
        const AssembledPackage p = model.assemble(k);
        int ports_failed = 0, ports_spared = 0;
        for (int q = 0; q < 16; ++q) {
            int bad = 0;
            for (int j = 0; j < built; ++j) bad += !p.lanes[static_cast<size_t>(q * built + j)].pass;
            ports_failed += bad > 1;
            ports_spared += bad == 1;
            CHECK(p.in_use[static_cast<size_t>(q)].size() == 8u);
            if (bad <= 1)  // the lanes in use are all good
                for (int j : p.in_use[static_cast<size_t>(q)]) CHECK(p.lanes[static_cast<size_t>(q * built + j)].pass);
        }
        CHECK(p.ports_failed == ports_failed);
        CHECK(p.ports_spared == ports_spared);
        CHECK(p.optics_pass == (ports_failed == 0));
        spared += ports_spared;
    }
    CHECK(spared > 0);  // the case is exercised
}

TEST_CASE("a lane passes exactly when both directions keep margin >= 0 and BER below 2.4e-4", "[assembly][yield]") {
    const SwitchPackageModel model(scenario({"switch.ports=16", "assembly.lateral_sigma_um=1.2"}));
    const EngineBudget& b = model.budgets().front();
    int64_t failed = 0;
    for (int k = 0; k < 20; ++k)
        for (const auto& lane : model.assemble(k).lanes) {
            CHECK(lane.rx_margin_db == Approx(b.margin_db - lane.rx_extra_db).epsilon(1e-12));
            CHECK(lane.rx_ber == model.phy().computed_ber(lane.rx_margin_db));  // the run's BER model
            const bool ok = lane.rx_margin_db >= 0 && lane.tx_margin_db >= 0 && lane.rx_ber < 2.4e-4 && lane.tx_ber < 2.4e-4;
            CHECK(lane.pass == ok);
            failed += !lane.pass;
        }
    CHECK(failed > 0);
}

TEST_CASE("lanes fail with the chi-square tails of their offsets at the BER threshold's margin", "[assembly][yield]") {
    // Lateral offsets only, sigma per axis. A lane fails receiving when its rx fibre's offset
    // d^2 exceeds D^2 (P = exp(-D^2 / 2 sigma^2), chi-square with 2 degrees of freedom), and
    // transmitting when d_tx^2 + d_laser^2 exceeds D'^2 (4 degrees: P = e^-x (1 + x), x =
    // D'^2 / 2 sigma^2). D and D' follow from the margin at which the PHY's BER is 2.4e-4.
    auto sets = lateral_only;
    sets.push_back("switch.ports=16");
    sets.push_back("assembly.lateral_sigma_um=1.2");
    const SwitchPackageModel model(scenario(sets));
    const double sigma = 1.2, w1 = 4.6, w2 = 4.0, base = 1.4, nominal = 1.5;
    double lo = -5, hi = 5;  // the margin at the threshold, by bisection on the PHY's BER
    for (int i = 0; i < 200; ++i) (model.phy().computed_ber((lo + hi) / 2) > 2.4e-4 ? lo : hi) = (lo + hi) / 2;
    const double allowed_extra = model.budgets().front().margin_db - hi;  // extra loss a direction may take
    const double mismatch = -20 * std::log10(2 * w1 * w2 / (w1 * w1 + w2 * w2));
    const double per_um2 = 10 * std::log10(std::exp(1.0)) * 2 / (w1 * w1 + w2 * w2);
    const double rx_d2 = (allowed_extra + nominal - base - mismatch) / per_um2;
    const double tx_d2 = (allowed_extra + 2 * (nominal - base) - 2 * mismatch) / per_um2;
    const double p_rx = std::exp(-rx_d2 / (2 * sigma * sigma));
    const double x = tx_d2 / (2 * sigma * sigma), p_tx = std::exp(-x) * (1 + x);
    int64_t lanes = 0, rx_failed = 0, tx_failed = 0;
    for (int k = 0; k < 2000; ++k)
        for (const auto& l : model.assemble(k).lanes) {
            ++lanes;
            rx_failed += !(l.rx_margin_db >= 0 && l.rx_ber < 2.4e-4);
            tx_failed += !(l.tx_margin_db >= 0 && l.tx_ber < 2.4e-4);
        }
    check_binomial(rx_failed, lanes, p_rx);  // independent fibres: binomial
    // Eight lanes share a laser fibre: their transmit failures are correlated, so allow the
    // spread of groups of eight.
    const double sd = std::sqrt(lanes * p_tx * (1 - p_tx) * 8);
    INFO("tx failed " << tx_failed << " of " << lanes << ", expected " << lanes * p_tx << " +- " << sd);
    CHECK(std::fabs(tx_failed - lanes * p_tx) < 5 * sd);
}

TEST_CASE("Wilson 95% interval, by hand", "[assembly][yield]") {
    // 90 of 100: (0.8256, 0.9448); 0 of 50: (0, 3.8415 / 53.8415 = 0.0713); 50 of 50: (0.9287, 1)
    const Interval a = wilson_interval(90, 100);
    CHECK(a.low == Approx(0.8256343384950865).epsilon(1e-12));
    CHECK(a.high == Approx(0.9447708629393249).epsilon(1e-12));
    const Interval none = wilson_interval(0, 50);
    CHECK(none.low == 0);
    CHECK(none.high == Approx(0.07134759913335872).epsilon(1e-12));
    const Interval all = wilson_interval(50, 50);
    CHECK(all.low == Approx(0.9286524008666414).epsilon(1e-12));
    CHECK(all.high == 1);
}
