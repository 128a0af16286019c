// The 51.2T and 102.4T presets: power parts sum to the total and the system, each preset's
// optics power per port, its box (cooling, conversion, management) and its cost equal their
// parts worked out by hand, system energy is system power integrated over time, a DSP adds
// its latency, and load changes only the core's dynamic power. Each simulation is its own
// cposim process.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

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

// The optics' parts (per port) and the ASIC's, in the report.
const char* optics_parts[] = {"optics_interface", "optics", "optics_control", "thermal_tuning", "laser", "laser_overhead"};

TEST_CASE("every preset's power parts sum to its total and its system", "[presets][power]") {
    for (const char* name : presets) {
        const auto r = run_preset(name);
        const auto& w = r["power_w"];
        INFO(name);
        double optics = 0;
        for (const char* part : optics_parts) optics += number(w[part]);
        CHECK(number(w["switch_core"]) + number(w["host_serdes"]) + optics == Approx(number(w["total"])).epsilon(1e-12));
        CHECK(number(w["optics_per_port"]) == Approx(optics / 64).epsilon(1e-12));
        CHECK(number(w["total"]) + number(w["cooling"]) + number(w["conversion_loss"]) + number(w["management"]) ==
              Approx(number(w["system"])).epsilon(1e-12));
        CHECK(number(r["cooling"]["fans_w"]) + number(r["cooling"]["pumps_w"]) == Approx(number(w["cooling"])));
    }
}

namespace {
// Each preset's optics per port from its YAML's numbers and the parameter defaults, by hand.
struct Hand {
    const char* name;
    double line_gbps;        // lanes x lane rate
    double interface_pj;     // the optics' interface to the host: XSR 1.1, DSP 8.5 W / 850 Gb/s, linear 0
    double driver_tia_pj;    // driver + TIA: ring 1.0 + 0.5, Mach-Zehnder 2.0 + 0.5
    double lanes_per_engine; // an engine's control loops and controller are shared by its ports
    double laser_dbm;
    double lasers_per_port;
    bool external;           // in laser modules with a TEC, a controller and a DC-DC each
    bool module;             // a front-panel module: everything through its DC-DC
};
const Hand hands[] = {
    {"cpo-51t2", 8 * 106.25, 1.1, 1.0 + 0.5, 64, 20, 8.0 / 8, true, false},
    {"pluggable-51t2", 8 * 106.25, 10.0, 2.0 + 0.5, 8, 13, 8.0 / 2, false, true},
    {"lpo-51t2", 8 * 106.25, 0.0, 2.0 + 0.5, 8, 13, 8.0 / 2, false, true},
    {"cpo-102t4", 8 * 212.5, 1.1, 1.0 + 0.5, 32, 20, 8.0 / 4, true, false},
    {"pluggable-102t4", 8 * 212.5, 10.0, 2.0 + 0.5, 8, 13, 8.0 / 1, false, true},
};
constexpr double control_mw_per_lane = 2, housekeeping_w = 0.3, conversion = 0.9;  // optics.* defaults
constexpr double laser_driver = 0.8, tec_cop = 1.0, lasers_per_module = 8;          // laser.* defaults

// W per port; heater power and the lasers' efficiency at their temperature from the report.
double optics_by_hand(const Hand& h, const nlohmann::json& phy) {
    const double interface = h.interface_pj * 1e-12 * h.line_gbps * 1e9;
    const double optics = h.driver_tia_pj * 1e-12 * h.line_gbps * 1e9;
    const double control = (h.lanes_per_engine * control_mw_per_lane * 1e-3 + housekeeping_w) / (h.lanes_per_engine / 8);
    const double heaters = number(phy["heater_mw_per_lane"]) * 1e-3 * 8;
    const double light = h.lasers_per_port * dbm_to_w(h.laser_dbm);
    const double diodes = light / number(phy["laser_wall_plug_efficiency"]);
    const double drivers = diodes / laser_driver - diodes;
    const double tec = h.external ? (diodes - light) / tec_cop : 0.0;
    double lasers = diodes + drivers + tec;
    if (h.external)  // the module's DC-DC on its lasers' supply, and its controller
        lasers = lasers / conversion + h.lasers_per_port / lasers_per_module * housekeeping_w / conversion;
    const double inside = interface + optics + control + heaters;
    return h.module ? (inside + lasers) / conversion : inside + lasers;
}
}  // namespace

TEST_CASE("optics power per port equals the components summed by hand", "[presets][power]") {
    for (const auto& h : hands) {
        const auto r = run_preset(h.name);
        INFO(h.name);
        CHECK(number(r["power_w"]["optics_per_port"]) == Approx(optics_by_hand(h, r["phy"])).epsilon(1e-9));
    }
}

namespace {
// The box around the ASIC, by hand: all the wall's power ends as heat; the fans carry the part
// that goes to the air at 15 K of rise against 400 Pa at 30% (air 1.16 kg/m3, 1007 J/(kg K)),
// so fans = k x air heat with k = 400 / (0.3 x 1.16 x 1007 x 15). With wall power
// W = (L / 0.9 + fans + 40) / 0.94 for L of ASIC and I/O and liquid heat Q_liq:
//   W = (L / 0.9 + 40 - k Q_liq) / (0.94 - k),  fans = k (W - Q_liq)
// sized at the design loads (the core at full line rate). Pumps carry Q_liq at 10 K of rise
// against 100 kPa at 50% (water 997 kg/m3, 4181 J/(kg K)).
struct BoxByHand {
    double fans, pumps, conversion_loss, system, design_heat;
};
BoxByHand box_by_hand(const nlohmann::json& r, bool cold_plate, bool external_lasers, double port_speed_gbps) {
    const auto& w = r["power_w"];
    const double k = 400 / (0.3 * 1.16 * 1007 * 15);
    const double design = number(w["total"]) - number(w["switch_core"]) + 200 + 1.5e-12 * 64 * port_speed_gbps * 1e9;
    const double front = cold_plate && external_lasers ? number(w["laser"]) + number(w["laser_overhead"]) : 0.0;
    const double liquid = cold_plate ? design - front : 0.0;  // the ASIC and the co-packaged engines
    const double wall = (design / 0.9 + 40 - k * liquid) / (0.94 - k);
    BoxByHand b;
    b.design_heat = wall;
    b.fans = k * (wall - liquid);
    b.pumps = 100e3 * liquid / (997 * 4181 * 10) / 0.5;
    const double l = number(w["total"]);
    const double mean_wall = (l / 0.9 + b.fans + 40) / 0.94;
    b.conversion_loss = mean_wall - l - b.fans - 40;
    b.system = mean_wall + b.pumps;
    return b;
}
}  // namespace

TEST_CASE("each preset's system power, cooling and cost by hand", "[presets][power][cost]") {
    struct Box {
        const char* name;
        bool cold_plate, external_lasers;
        double port_speed_gbps;
        double optics_usd;  // engines, or modules (pluggable 600, LPO 400 USD per 800G)
        double lasers_usd;  // 100 USD a laser, 300 USD a laser module (8 lasers)
        double fibre_usd;   // 10 USD a co-packaged lane
    };
    const Box boxes[] = {
        {"cpo-51t2", true, true, 800, 8 * 400, 64 * 100 + 8 * 300, 64 * 8 * 10},
        {"pluggable-51t2", false, false, 800, 64 * 600, 0, 0},
        {"lpo-51t2", false, false, 800, 64 * 400, 0, 0},
        {"cpo-102t4", true, true, 1600, 16 * 400, 128 * 100 + 16 * 300, 64 * 8 * 10},
        {"pluggable-102t4", false, false, 1600, 64 * 2 * 600, 0, 0},
    };
    for (const auto& b : boxes) {
        const auto r = run_preset(b.name);
        INFO(b.name);
        const BoxByHand hand = box_by_hand(r, b.cold_plate, b.external_lasers, b.port_speed_gbps);
        const auto& w = r["power_w"];
        CHECK(number(r["cooling"]["fans_w"]) == Approx(hand.fans).epsilon(1e-9));
        CHECK(number(r["cooling"]["pumps_w"]) == Approx(hand.pumps).epsilon(1e-9));
        CHECK(number(w["conversion_loss"]) == Approx(hand.conversion_loss).epsilon(1e-9));
        CHECK(number(w["management"]) == 40);
        CHECK(number(w["system"]) == Approx(hand.system).epsilon(1e-9));
        CHECK(number(r["cooling"]["design_heat_w"]) == Approx(hand.design_heat).epsilon(1e-9));
        // Capex: ASIC 8000, chassis 3000, cooling per kW of design heat (air 100, cold plate
        // 300 USD); energy at 0.10 USD/kWh and PUE 1.4; five years.
        const double cooling_usd = hand.design_heat * 1e-3 * (b.cold_plate ? 300 : 100);
        const double capex = 8000 + b.optics_usd + b.lasers_usd + b.fibre_usd + cooling_usd + 3000;
        const double energy = hand.system * 1e-3 * 365.25 * 24 * 1.4 * 0.1;
        const auto& c = r["cost_usd"];
        CHECK(number(c["parts"]["optics"]) == Approx(b.optics_usd));
        CHECK(number(c["parts"]["lasers"]) == Approx(b.lasers_usd));
        CHECK(number(c["parts"]["fibre"]) == Approx(b.fibre_usd));
        CHECK(number(c["capex"]) == Approx(capex).epsilon(1e-9));
        CHECK(number(c["per_gbps"]) == Approx(capex / (64 * b.port_speed_gbps)).epsilon(1e-9));
        CHECK(number(c["energy_per_year"]) == Approx(energy).epsilon(1e-9));
        CHECK(number(c["tco"]) == Approx(capex + 5 * energy).epsilon(1e-9));
    }
}

TEST_CASE("system energy is system power integrated over time, cooling included", "[presets][power]") {
    // The time series' system_power_w at each sample is the wall power for that interval's
    // power_w: (P / 0.9 + fans + 40) / 0.94 + pumps, fans and pumps as sized. Its sum over the
    // window's intervals is the window's system energy; its mean, the report's system power
    // (the series leaves out the last interval, whose core power differs a little).
    const std::string csv = temp_path("energy.csv");
    const auto r = run_preset("cpo-51t2", "--set report.csv_interval=500ns --csv " + csv);
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "time_ns,buffer_bytes,egress_gbps,drops,pfc_frames,ecn_marked,power_w,system_power_w");
    const double fans = number(r["cooling"]["fans_w"]), pumps = number(r["cooling"]["pumps_w"]);
    double energy = 0, by_hand = 0, seconds = 0;
    while (std::getline(in, line)) {
        std::vector<double> v;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');) v.push_back(std::stod(cell));
        if (v[0] <= 1000) continue;  // the 1 us warm-up
        energy += v[7] * 500e-9;
        by_hand += ((v[6] / 0.9 + fans + 40) / 0.94 + pumps) * 500e-9;
        seconds += 500e-9;
    }
    CHECK(seconds == Approx(8.5e-6));  // 1.5 ... 9.5 us
    CHECK(energy == Approx(by_hand).epsilon(2e-6));  // the CSV keeps 3 decimals of ~700 W
    CHECK(energy / seconds == Approx(number(r["power_w"]["system"])).epsilon(1e-3));
    CHECK(number(r["energy_pj_per_bit_system"]) ==
          Approx(number(r["power_w"]["system"]) * 9e-6 / (number(r["throughput"]["delivered_bytes"]) * 8) * 1e12));
    std::remove(csv.c_str());
}

TEST_CASE("a pluggable's DSP retimers add their latency port to port, linear and co-packaged optics none",
          "[presets][latency]") {
    // The same box with DSP pluggables and with linear ones, under traffic that never queues
    // (a permutation): every frame crosses two retimers (in and out) of 50 ns.
    const std::string quiet = "--set traffic.pattern=permutation ";
    const auto dsp = run_preset("pluggable-51t2", quiet);
    const auto linear = run_preset("lpo-51t2", quiet);
    const auto cpo = run_preset("cpo-51t2", quiet);
    CHECK(number(dsp["phy"]["optics_path_latency_ns"]) == 100);
    CHECK(number(linear["phy"]["optics_path_latency_ns"]) == 0);
    CHECK(number(cpo["phy"]["optics_path_latency_ns"]) == 0);
    CHECK(number(dsp["latency_ns"]["min"]) == Approx(number(linear["latency_ns"]["min"]) + 100).margin(1e-6));
    CHECK(number(dsp["latency_ns"]["max"]) == Approx(number(linear["latency_ns"]["max"]) + 100).margin(1e-6));
    CHECK(number(cpo["latency_ns"]["min"]) == number(linear["latency_ns"]["min"]));
}

TEST_CASE("load changes only the core's dynamic power", "[presets][power]") {
    // The PHY, optics and lasers run at line rate whether frames flow or not; the core adds
    // power.core_pj_per_bit (1.5 pJ/bit) for every bit it forwards.
    const std::string permutation = "--set traffic.pattern=permutation ";
    const auto idle = run_preset("cpo-51t2", permutation + "--set traffic.load=0");
    const auto full = run_preset("cpo-51t2", permutation + "--set traffic.load=1");
    CHECK(number(idle["power_w"]["host_serdes"]) == number(full["power_w"]["host_serdes"]));
    for (const char* part : optics_parts) CHECK(number(idle["power_w"][part]) == number(full["power_w"][part]));
    // The cooling is sized for full line rate whatever the load; conversion losses follow it.
    CHECK(number(idle["power_w"]["cooling"]) == number(full["power_w"]["cooling"]));
    CHECK(number(idle["power_w"]["conversion_loss"]) < number(full["power_w"]["conversion_loss"]));
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
