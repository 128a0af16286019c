#include "chassis.h"

namespace cposim {

Chassis::Chassis(sc_core::sc_module_name name, const ParameterSet& params, const PhyConfig& phy, int ports,
                 double port_speed_gbps, const BoxLoads& design, double hottest_engine_c)
    : sc_module(name), phy_(phy), ports_(ports), port_speed_gbps_(port_speed_gbps), hottest_engine_c_(hottest_engine_c),
      model_(BoxPowerConfig::from(params), design), cost_(CostConfig::from(params)) {}

BoxLoads Chassis::loads_of(const PhyConfig& phy, double core_w, const PhyPower& w) {
    BoxLoads l;
    l.asic = core_w + w.host_serdes;
    const double optics = w.total() - w.host_serdes;
    // Front-panel modules hold all their optics; co-packaged engines leave only external
    // lasers at the front panel.
    l.front_panel = phy.front_panel_module()                 ? optics
                    : phy.laser.type == LaserType::external ? w.laser + w.laser_overhead
                                                             : 0.0;
    l.package_optics = optics - l.front_panel;
    return l;
}

void Chassis::write_stats(Report& report) const {
    // The window's mean power parts, as the ASIC and the engines wrote them.
    const nlohmann::json& w = report.at("power_w");
    auto part = [&w](const char* name) { return w.contains(name) ? w.at(name).get<double>() : 0.0; };
    PhyPower optics;
    optics.host_serdes = part("host_serdes");
    optics.optics_interface = part("optics_interface");
    optics.optics = part("optics");
    optics.optics_control = part("optics_control");
    optics.thermal_tuning = part("thermal_tuning");
    optics.laser = part("laser");
    optics.laser_overhead = part("laser_overhead");
    const BoxLoads loads = loads_of(phy_, part("switch_core"), optics);
    const BoxPower box = model_.at(loads);
    report.add_system_power("cooling", box.cooling());
    report.add_system_power("conversion_loss", box.conversion_loss);
    report.add_system_power("management", box.management);

    const CoolingSystemConfig& c = model_.config().cooling;
    const CoolingFlows& f = model_.flows();
    const nlohmann::json cooling{
        {"mode", cooling_mode_name(c.mode)},
        {"fans_w", box.fans},
        {"pumps_w", box.pumps},
        {"heat_to_air_w", box.heat.to_air},
        {"heat_to_liquid_w", box.heat.to_liquid},
        {"design_heat_w", model_.design_heat_w()},
        {"airflow_m3_per_s", f.airflow_m3_per_s},
        {"liquid_l_per_min", f.liquid_m3_per_s * 1e3 * 60},
        {"air_outlet_c", box.air_outlet_c},
        {"asic_power_w", loads.asic},
        {"asic_junction_c", box.asic_junction_c},
        {"asic_tj_max_c", c.asic_tj_max_c},
        {"engine_temperature_max_c", hottest_engine_c_},
        {"engine_temperature_limit_c", phy_.thermal.max_temperature_c},
    };
    for (const auto& [key, value] : cooling.items()) report.set("cooling." + key, value);
    nlohmann::json& alarms = report.at("cooling.alarms");  // the engines' are there already
    if (alarms.is_null()) alarms = nlohmann::json::array();
    if (box.asic_junction_c > c.asic_tj_max_c)  // alarm only: the ASIC is not throttled
        alarms.push_back({{"part", "asic"},
                          {"at_ns", 0.0},
                          {"temperature_c", box.asic_junction_c},
                          {"limit_c", c.asic_tj_max_c},
                          {"action", "alarm"}});

    const CostParts parts = bill_of_materials(cost_, phy_, ports_, model_.design_heat_w() * 1e-3);
    const CostOfOwnership o = cost_of_ownership(cost_, parts, box.system, ports_ * port_speed_gbps_);
    const nlohmann::json cost{
        {"capex", o.capex},
        {"per_gbps", o.per_gbps},
        {"energy_per_year", o.energy_per_year},
        {"tco", o.tco},
        {"tco_per_gbps", o.tco_per_gbps},
        {"years", cost_.years},
        {"parts", {{"asic", parts.asic},
                   {"optics", parts.optics},
                   {"lasers", parts.lasers},
                   {"fibre", parts.fibre},
                   {"cooling", parts.cooling},
                   {"chassis", parts.chassis}}},
    };
    for (const auto& [key, value] : cost.items()) report.set("cost_usd." + key, value);
}

void Chassis::sample_into(TimeSeries& series) {
    const int power = series.column("power_w"), system = series.column("system_power_w");
    series.add_sampler([this, power, system](TimePs, TimeSeries::Row& row) {
        row[static_cast<size_t>(system)] = model_.system_w(row[static_cast<size_t>(power)]);
    });
}

}  // namespace cposim
