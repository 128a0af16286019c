// The box around the ASIC: cooling flows and fan/pump power from the heat, the ASIC's
// junction temperature, power conversion, the fans' fixed point against its closed form,
// and the bill of materials, each against a hand calculation.
#include <catch2/catch.hpp>

#include "all_parameters.h"
#include "box_power.h"
#include "cost_model.h"
#include "phy_config.h"
#include "run_cposim.h"

using namespace cposim;

namespace {
ParameterSet params(std::initializer_list<const char*> overrides) {
    ParameterSet p(parameter_registry());
    for (const char* o : overrides) p.apply_override(o);
    return p;
}
}  // namespace

TEST_CASE("fans and pumps carry the heat at their temperature rise", "[system][cooling]") {
    const auto c = CoolingSystemConfig::from(params({"cooling.mode=cold_plate"}));
    // 1 kW into the air at 15 K: 1000 / (1.16 x 1007 x 15) = 0.05707 m3/s (121 CFM); against
    // 400 Pa at 30%: 76.1 W of fans. 500 W into water at 10 K: 1.196e-5 m3/s (0.718 l/min);
    // against 100 kPa at 50%: 2.39 W of pumps.
    const CoolingFlows f = cooling_flows(c, {1000, 500});
    CHECK(f.airflow_m3_per_s == Approx(1000 / (1.16 * 1007 * 15)));
    CHECK(f.airflow_m3_per_s == Approx(0.057071).epsilon(1e-4));
    CHECK(f.fan_w == Approx(400 * 0.057071 / 0.3).epsilon(1e-4));
    CHECK(f.liquid_m3_per_s == Approx(500 / (997 * 4181.0 * 10)));
    CHECK(f.pump_w == Approx(100e3 * 500 / (997 * 4181.0 * 10) / 0.5));
    // Heat in proportion to flow: the air leaves 15 K warmer at the heat it was sized for.
    CHECK(air_temperature_c(c, f, 1000) == Approx(25 + 15));
    CHECK(air_temperature_c(c, f, 500) == Approx(25 + 7.5));
    // Immersion's dielectric carries less heat per volume than water: more flow, more pump.
    const auto im = CoolingSystemConfig::from(params({"cooling.mode=immersion"}));
    CHECK(cooling_flows(im, {0, 500}).liquid_m3_per_s == Approx(500 / (830 * 2100.0 * 10)));
}

TEST_CASE("the ASIC's junction: what reaches it plus R_th x its power", "[system][cooling]") {
    // Cold plate: coolant 30 C, 0.08 K/W, 400 W: 62 C.
    const auto plate = CoolingSystemConfig::from(params({"cooling.coolant_temperature_c=30"}));
    CHECK(asic_junction_c(plate, cooling_flows(plate, {100, 400}), 400, 0) == Approx(30 + 0.08 * 400));
    // Air: inlet 25 C, 0.12 K/W; the airflow carries 1200 W at 15 K and 800 W of modules warm
    // it first by 800 / 1200 x 15 = 10 K: 25 + 10 + 0.12 x 500 = 95 C.
    const auto air = CoolingSystemConfig::from(params({"cooling.mode=air"}));
    CHECK(asic_junction_c(air, cooling_flows(air, {1200, 0}), 500, 800) == Approx(95));
}

TEST_CASE("power conversion: PSU and regulators in series", "[system][power]") {
    const PowerConversionConfig c{0.94, 0.9};
    // 900 W behind regulators (1000 W from the bus) and 60 W on the bus: 1060 / 0.94 = 1127.66 W
    // from the wall, 167.66 W lost.
    CHECK(wall_power_w(c, 900, 60) == Approx(1060 / 0.94));
    CHECK(conversion_loss_w(c, 900, 60) == Approx(1060 / 0.94 - 960));
}

TEST_CASE("the fans' fixed point equals its closed form, and loads move only the conversion loss",
          "[system][power]") {
    // Air: all the wall's power W ends as heat in the air; fans = k W with
    // k = 400 / (0.3 x 1.16 x 1007 x 15) and W = (L / 0.9 + fans + M) / 0.94, so
    // W = (L / 0.9 + M) / (0.94 - k).
    const auto c = BoxPowerConfig::from(params({"cooling.mode=air"}));
    const double k = 400 / (0.3 * 1.16 * 1007 * 15);
    const BoxLoads design{500, 0, 800};
    const BoxPowerModel m(c, design);
    const double wall = (1300 / 0.9 + 40) / (0.94 - k);
    CHECK(m.flows().fan_w == Approx(k * wall).epsilon(1e-9));
    CHECK(m.design_heat_w() == Approx(wall).epsilon(1e-9));
    const BoxPower at_design = m.at(design);
    CHECK(at_design.system == Approx(wall).epsilon(1e-9));
    CHECK(at_design.heat.to_air == Approx(wall).epsilon(1e-9));
    CHECK(at_design.air_outlet_c == Approx(25 + 15).epsilon(1e-9));
    // 100 W less of ASIC: the fans stay as sized, the loss falls by 100 (1/0.9/0.94 - 1) W.
    const BoxPower lighter = m.at({400, 0, 800});
    CHECK(lighter.fans == at_design.fans);
    CHECK(at_design.conversion_loss - lighter.conversion_loss == Approx(100 * (1 / (0.9 * 0.94) - 1)));
    CHECK(m.system_w(1200) == Approx(lighter.system));
    // Cold plate: the ASIC and the co-packaged optics go to the liquid; the rest to the air:
    // W = (L / 0.9 + M - k Q_liq) / (0.94 - k), fans = k (W - Q_liq).
    const auto cp = BoxPowerConfig::from(params({}));
    const BoxPowerModel plate(cp, {450, 150, 100});
    const double wall_cp = (700 / 0.9 + 40 - k * 600) / (0.94 - k);
    CHECK(plate.flows().fan_w == Approx(k * (wall_cp - 600)).epsilon(1e-9));
    CHECK(plate.flows().pump_w == Approx(100e3 * 600 / (997 * 4181.0 * 10) / 0.5));
    // Immersed: no fans, everything to the liquid.
    const BoxPowerModel tank(BoxPowerConfig::from(params({"cooling.mode=immersion"})), {450, 150, 100});
    CHECK(tank.flows().fan_w == 0);
    CHECK(tank.at({450, 150, 100}).heat.to_liquid == Approx((700 / 0.9 + 40) / 0.94));
}

TEST_CASE("the bill of materials follows the box's optics", "[system][cost]") {
    const CostConfig c = CostConfig::from(params({}));
    // Default: 64 x 800G CPO, 8 engines of 64 lanes, one external 20 dBm laser per 8 lanes,
    // 8 lasers a module: 8 engines x 400 + 64 lasers x 100 + 8 modules x 300 + 512 lanes x 10.
    const auto p = params({});
    const PhyConfig cpo = PhyConfig::from(p, PortShape::from(p));
    const CostParts parts = bill_of_materials(c, cpo, 64, 0.7);
    CHECK(parts.asic == 8000);
    CHECK(parts.optics == 8 * 400);
    CHECK(parts.lasers == 64 * 100 + 8 * 300);
    CHECK(parts.fibre == 512 * 10);
    CHECK(parts.cooling == Approx(0.7 * 300));  // a cold plate, per kW
    CHECK(parts.capex() == Approx(8000 + 3200 + 8800 + 5120 + 210 + 3000));
    // Pluggables: a module per port at 600 USD per 800G, lasers inside; no fibre to route.
    const auto pp = params({"optics.packaging=pluggable", "optics.lanes_per_engine=8", "laser.type=integrated",
                            "laser.lanes_per_laser=2", "cooling.mode=air"});
    const CostParts plug = bill_of_materials(CostConfig::from(pp), PhyConfig::from(pp, PortShape::from(pp)), 64, 1.8);
    CHECK(plug.optics == 64 * 600);
    CHECK(plug.lasers == 0);
    CHECK(plug.fibre == 0);
    CHECK(plug.cooling == Approx(1.8 * 100));
    // Running it: 700 W x 8766 h x PUE 1.4 at 0.10 USD/kWh = 859.07 USD a year.
    const CostOfOwnership o = cost_of_ownership(c, parts, 700, 51200);
    CHECK(o.energy_per_year == Approx(0.7 * 8766 * 1.4 * 0.1));
    CHECK(o.tco == Approx(parts.capex() + 5 * o.energy_per_year));
    CHECK(o.per_gbps == Approx(parts.capex() / 51200));
}

TEST_CASE("bad cooling, system and cost values are exit 2 naming the key", "[system][params]") {
    const std::string run = "run " + source_path("configs/default.yaml") + " --set sim.duration_us=2 --set sim.warmup_us=1 ";
    for (const char* bad : {"cooling.mode=water", "cooling.fan_efficiency=0", "system.psu_efficiency=1.5",
                            "cost.pue=0.5", "laser.tec=maybe", "optics.engine_interface=optical"}) {
        const auto r = run_cposim(run + "--set " + bad);
        const std::string key = std::string(bad).substr(0, std::string(bad).find('='));
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(": " + key + ": "));
    }
    // The chassis is an instance: its values can be set for it alone; a misspelt one is refused.
    CHECK(run_cposim(run + "--set 'switch.chassis:cost.pue=1.2'").exit_code == 0);
    CHECK(run_cposim(run + "--set 'switch.chassiz:cost.pue=1.2'").exit_code == 2);
}
