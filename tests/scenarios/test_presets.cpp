// The 51.2T and 102.4T presets: power parts sum to the total, each preset's optics power
// per port equals its components summed by hand, and load changes only the core's dynamic
// power. Each simulation is its own cposim process.
#include <catch2/catch.hpp>

#include <cmath>

#include "run_cposim.h"

namespace {

const char* presets[] = {"cpo-51t2", "pluggable-51t2", "lpo-51t2", "cpo-102t4", "pluggable-102t4"};

nlohmann::json run_preset(const std::string& name, const std::string& extra = "") {
    const auto r = run_cposim("run " + source_path("configs/" + name + ".yaml") +
                                  " --set sim.duration_us=10 --set sim.warmup_us=1 " + extra,
                              true);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return r.report;
}

double number(const nlohmann::json& j) { return j.get<double>(); }
double dbm_to_w(double dbm) { return std::pow(10.0, dbm / 10.0) * 1e-3; }

}  // namespace

TEST_CASE("every preset's power parts sum to its total", "[presets][power]") {
    for (const char* name : presets) {
        const auto r = run_preset(name);
        const auto& w = r["power_w"];
        INFO(name);
        CHECK(number(w["switch_core"]) + number(w["host_serdes"]) + number(w["optics"]) + number(w["laser"]) +
                  number(w["thermal_tuning"]) ==
              Approx(number(w["total"])).epsilon(1e-12));
        CHECK(number(w["optics_per_port"]) ==
              Approx((number(w["optics"]) + number(w["laser"]) + number(w["thermal_tuning"])) / 64).epsilon(1e-12));
    }
}

TEST_CASE("optics power per port equals the components summed by hand", "[presets][power]") {
    // Per port: modulator drivers and TIAs (pJ/bit x line rate), ring heaters (the report's
    // mW per lane x lanes), module DSP (8.5 W per 800G for pluggables), lasers (optical
    // power / wall-plug efficiency, shared by lanes_per_laser lanes).
    struct Hand {
        const char* name;
        double line_gbps;      // lanes x lane rate
        double driver_tia_pj;  // driver + TIA, pJ/bit
        double dsp_w;
        double laser_dbm;
        double lasers_per_port;
    };
    const Hand hands[] = {
        {"cpo-51t2", 8 * 106.25, 0.5 + 0.5, 0, 20, 8.0 / 8},
        {"pluggable-51t2", 8 * 106.25, 2.0 + 0.5, 8.5, 13, 8.0 / 2},
        {"lpo-51t2", 8 * 106.25, 2.0 + 0.5, 0, 13, 8.0 / 2},
        {"cpo-102t4", 8 * 212.5, 0.5 + 0.5, 0, 20, 8.0 / 4},
        {"pluggable-102t4", 8 * 212.5, 2.0 + 0.5, 8.5 * 2, 13, 8.0 / 1},
    };
    for (const auto& h : hands) {
        const auto r = run_preset(h.name);
        const auto& phy = r["phy"];
        const double lanes = 8;
        const double heater_w = number(phy["heater_mw_per_lane"]) * 1e-3 * lanes;
        const double laser_w = h.lasers_per_port * dbm_to_w(h.laser_dbm) / number(phy["laser_wall_plug_efficiency"]);
        const double expected = h.driver_tia_pj * 1e-12 * h.line_gbps * 1e9 + h.dsp_w + heater_w + laser_w;
        INFO(h.name << ": drivers+TIAs " << h.driver_tia_pj * h.line_gbps * 1e-3 << " W, DSP " << h.dsp_w
                    << " W, heaters " << heater_w << " W, lasers " << laser_w << " W");
        CHECK(number(r["power_w"]["optics_per_port"]) == Approx(expected).epsilon(1e-9));
    }
}

TEST_CASE("load changes only the core's dynamic power", "[presets][power]") {
    // The PHY, optics and lasers run at line rate whether frames flow or not; the core adds
    // power.core_pj_per_bit (1.5 pJ/bit) for every bit it forwards.
    const std::string permutation = "--set traffic.pattern=permutation ";
    const auto idle = run_preset("cpo-51t2", permutation + "--set traffic.load=0");
    const auto full = run_preset("cpo-51t2", permutation + "--set traffic.load=1");
    for (const char* part : {"host_serdes", "optics", "laser", "thermal_tuning"})
        CHECK(number(idle["power_w"][part]) == number(full["power_w"][part]));
    CHECK(number(idle["power_w"]["switch_core"]) == Approx(200));  // power.core_static_w
    const double dynamic = number(full["power_w"]["switch_core"]) - number(idle["power_w"]["switch_core"]);
    CHECK(dynamic == Approx(1.5e-12 * number(full["throughput"]["delivered_gbps"]) * 1e9).epsilon(0.01));
    CHECK(idle["energy_pj_per_bit"].is_null());  // nothing delivered: no energy per bit
}

TEST_CASE("co-packaged optics use fewer lasers than pluggables", "[presets]") {
    // NVIDIA (GTC 2025): 72 x 1.6T pluggables carry 576 lasers, CPO 144 (one per 4 x 200G
    // lanes): 4x fewer. The presets encode those laser groupings; 64 ports give 512 vs 128.
    CHECK(run_preset("pluggable-102t4")["phy"]["lasers"] == 512);
    CHECK(run_preset("cpo-102t4")["phy"]["lasers"] == 128);
}
