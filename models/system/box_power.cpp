#include "box_power.h"

#include <cmath>
#include <stdexcept>

namespace cposim {

void BoxPowerConfig::declare_parameters(ParameterRegistry& r) {
    CoolingSystemConfig::declare_parameters(r);
    // Assumed: a high-efficiency (80 PLUS Titanium class) supply near its rated load.
    r.add_real("system.psu_efficiency", Dimension::none, "", 0.94, 0.01, 1,
               "power supply efficiency: 12 V bus power / wall power");
    // Assumed: multiphase regulators from 12 V to sub-1 V rails.
    r.add_real("system.vrm_efficiency", Dimension::none, "", 0.9, 0.01, 1,
               "regulator efficiency from the 12 V bus to the ASIC's, optics' and modules' rails");
    // Assumed: an x86 management module, BMC, memory, storage and board logic.
    r.add_real("system.management_w", Dimension::power, "W", 40, 0, 10000,
               "management CPU, BMC and board logic, W");
}

BoxPowerConfig BoxPowerConfig::from(const ParameterSet& p) {
    BoxPowerConfig c;
    c.cooling = CoolingSystemConfig::from(p);
    c.conversion = PowerConversionConfig::from(p);
    c.management_w = p.real("system.management_w");
    return c;
}

HeatLoads BoxPowerModel::heat_of(const BoxLoads& loads, double fans_w) const {
    // Everything the box draws ends as heat; only where it goes differs.
    const double loss = conversion_loss_w(c_.conversion, loads.total(), fans_w + c_.management_w);
    const double board = loss + c_.management_w + fans_w;  // always in the box's air (or liquid)
    switch (c_.cooling.mode) {
        case CoolingMode::air: return {loads.total() + board, 0.0};
        case CoolingMode::cold_plate: return {loads.front_panel + board, loads.asic + loads.package_optics};
        case CoolingMode::immersion: return {0.0, loads.total() + board};
    }
    throw std::logic_error("BoxPowerModel: bad cooling mode");
}

BoxPowerModel::BoxPowerModel(const BoxPowerConfig& c, const BoxLoads& design) : c_(c), design_(design) {
    // Fans carry their own heat and the conversion loss they cause: iterate to the fixed
    // point (the gain dP / (eta rho c dT) is ~1e-3 per W: it converges in a few steps).
    double fans = 0;
    for (int i = 0; i < 100; ++i) {
        flows_ = cooling_flows(c_.cooling, heat_of(design, fans));
        const bool done = std::fabs(flows_.fan_w - fans) < 1e-12;
        fans = flows_.fan_w;
        if (done) break;
    }
    const HeatLoads heat = heat_of(design, flows_.fan_w);
    design_heat_ = heat.to_air + heat.to_liquid;
}

double BoxPowerModel::system_w(double loads_w) const {
    return wall_power_w(c_.conversion, loads_w, flows_.fan_w + c_.management_w) + flows_.pump_w;
}

BoxPower BoxPowerModel::at(const BoxLoads& loads) const {
    BoxPower b;
    b.fans = flows_.fan_w;
    b.pumps = flows_.pump_w;
    b.management = c_.management_w;
    b.conversion_loss = conversion_loss_w(c_.conversion, loads.total(), b.fans + b.management);
    b.system = loads.total() + b.cooling() + b.conversion_loss + b.management;
    b.heat = heat_of(loads, b.fans);
    b.air_outlet_c = air_temperature_c(c_.cooling, flows_, b.heat.to_air);
    // In air the front-panel modules warm the air before it reaches the ASIC.
    b.asic_junction_c = asic_junction_c(c_.cooling, flows_, loads.asic, loads.front_panel);
    return b;
}

}  // namespace cposim
