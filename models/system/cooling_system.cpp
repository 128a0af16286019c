#include "cooling_system.h"

namespace cposim {

void CoolingSystemConfig::declare_parameters(ParameterRegistry& r) {
    // cooling.mode and the inlet and coolant temperatures are declared with the engines'
    // (PhyConfig), which read them too.
    // Assumed: a vapour-chamber heat sink for a ~500 W ASIC in the airflow.
    r.add_real("cooling.asic_r_th_air_k_per_w", Dimension::none, "", 0.12, 0, 100,
               "thermal resistance ASIC junction to the air reaching it, K/W");
    // Assumed: lid and cold plate to the liquid.
    r.add_real("cooling.asic_r_th_cold_plate_k_per_w", Dimension::none, "", 0.08, 0, 100,
               "thermal resistance ASIC junction to the cold plate's coolant, K/W");
    // Assumed: a heat sink in single-phase dielectric liquid.
    r.add_real("cooling.asic_r_th_immersion_k_per_w", Dimension::none, "", 0.1, 0, 100,
               "thermal resistance ASIC junction to the immersion liquid, K/W");
    // Assumed: a common junction limit of large switch ASICs.
    r.add_real("cooling.asic_tj_max_c", Dimension::none, "", 105, 0, 200,
               "highest ASIC junction temperature: above it the report raises an alarm, deg C");
    // Assumed: inlet to outlet rise a switch's fan control holds.
    r.add_real("cooling.air_rise_k", Dimension::none, "", 15, 0.1, 100,
               "air temperature rise from inlet to outlet the fans are run for, K");
    // Assumed: a 1-2 RU switch's pressure drop at its design airflow.
    r.add_real("cooling.fan_pressure_pa", Dimension::none, "", 400, 0, 1e5,
               "the box's air pressure drop the fans work against, Pa");
    // Assumed: small axial fans, motor and blades together.
    r.add_real("cooling.fan_efficiency", Dimension::none, "", 0.3, 0.01, 1,
               "fan efficiency: air power (pressure x flow) / electrical power");
    // Assumed: supply to return rise of a cold plate or immersion loop.
    r.add_real("cooling.coolant_rise_k", Dimension::none, "", 10, 0.1, 100,
               "liquid temperature rise from supply to return, K");
    // Assumed: cold plates, quick disconnects and the box's share of the loop.
    r.add_real("cooling.pump_pressure_pa", Dimension::none, "", 100e3, 0, 1e7,
               "the liquid loop's pressure drop the pumps work against (the box's share), Pa");
    // Assumed.
    r.add_real("cooling.pump_efficiency", Dimension::none, "", 0.5, 0.01, 1,
               "pump efficiency: hydraulic power / electrical power");
}

CoolingSystemConfig CoolingSystemConfig::from(const ParameterSet& p) {
    CoolingSystemConfig c;
    c.mode = parse_cooling_mode(p.text("cooling.mode"));
    c.air_inlet_c = p.real("cooling.air_inlet_temperature_c");
    c.coolant_c = p.real("cooling.coolant_temperature_c");
    c.asic_r_th_k_per_w = c.mode == CoolingMode::air          ? p.real("cooling.asic_r_th_air_k_per_w")
                          : c.mode == CoolingMode::cold_plate ? p.real("cooling.asic_r_th_cold_plate_k_per_w")
                                                              : p.real("cooling.asic_r_th_immersion_k_per_w");
    c.asic_tj_max_c = p.real("cooling.asic_tj_max_c");
    c.air_rise_k = p.real("cooling.air_rise_k");
    c.fan_pressure_pa = p.real("cooling.fan_pressure_pa");
    c.fan_efficiency = p.real("cooling.fan_efficiency");
    c.coolant_rise_k = p.real("cooling.coolant_rise_k");
    c.pump_pressure_pa = p.real("cooling.pump_pressure_pa");
    c.pump_efficiency = p.real("cooling.pump_efficiency");
    if (c.mode == CoolingMode::immersion) {  // assumed: a synthetic hydrocarbon dielectric (textbook order)
        c.liquid_density = 830;
        c.liquid_heat_capacity = 2100;
    }
    return c;
}

CoolingFlows cooling_flows(const CoolingSystemConfig& c, const HeatLoads& heat) {
    CoolingFlows f;
    f.airflow_m3_per_s = heat.to_air / (CoolingSystemConfig::air_density * CoolingSystemConfig::air_heat_capacity * c.air_rise_k);
    f.fan_w = c.fan_pressure_pa * f.airflow_m3_per_s / c.fan_efficiency;
    f.liquid_m3_per_s = heat.to_liquid / (c.liquid_density * c.liquid_heat_capacity * c.coolant_rise_k);
    f.pump_w = c.pump_pressure_pa * f.liquid_m3_per_s / c.pump_efficiency;
    return f;
}

double air_temperature_c(const CoolingSystemConfig& c, const CoolingFlows& flows, double heat_w) {
    if (flows.airflow_m3_per_s <= 0) return c.air_inlet_c;
    return c.air_inlet_c +
           heat_w / (CoolingSystemConfig::air_density * CoolingSystemConfig::air_heat_capacity * flows.airflow_m3_per_s);
}

double asic_junction_c(const CoolingSystemConfig& c, const CoolingFlows& flows, double asic_w, double upstream_w) {
    const double reaching = c.mode == CoolingMode::air ? air_temperature_c(c, flows, upstream_w) : c.coolant_c;
    return reaching + c.asic_r_th_k_per_w * asic_w;
}

}  // namespace cposim
