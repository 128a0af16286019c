// The box's cooling: where its heat goes (air, a liquid loop, or both), the fans and pumps
// that carry it away, and the temperatures that follow. Fans move the air that carries
// Q_air at a set inlet-to-outlet rise, pumps the liquid that carries Q_liquid at a set rise:
//   airflow V = Q_air / (rho_air c_air dT_air)        fan power    = dP_box  V / eta_fan
//   flow    F = Q_liq / (rho_liq c_liq dT_liq)        pump power   = dP_loop F / eta_pump
// with the box's (or loop's) pressure drop at that flow given. The ASIC's junction sits
// R_th (junction to coolant, by mode) above what reaches it: the coolant, or in air the
// inlet air warmed by the front-panel modules upstream.
#pragma once

#include "parameters.h"
#include "thermal_node.h"

namespace cposim {

struct CoolingSystemConfig {
    CoolingMode mode = CoolingMode::cold_plate;
    double air_inlet_c = 25, coolant_c = 25;  ///< deg C
    double asic_r_th_k_per_w = 0.08;  ///< junction to coolant (air, cold plate or liquid, by mode), K/W
    double asic_tj_max_c = 105;       ///< deg C
    double air_rise_k = 15;           ///< inlet to outlet air temperature rise the fans run for, K
    double fan_pressure_pa = 400;     ///< the box's pressure drop at that airflow, Pa
    double fan_efficiency = 0.3;      ///< air power / fan electrical power
    double coolant_rise_k = 10;       ///< supply to return liquid temperature rise, K
    double pump_pressure_pa = 100e3;  ///< the loop's pressure drop (the box's share), Pa
    double pump_efficiency = 0.5;     ///< hydraulic power / pump electrical power
    double liquid_density = 997, liquid_heat_capacity = 4181;  ///< kg/m^3, J/(kg K): water or dielectric

    // Air at ~30 deg C and 1 atm (assumed: textbook property values).
    static constexpr double air_density = 1.16, air_heat_capacity = 1007;  // kg/m^3, J/(kg K)

    static void declare_parameters(ParameterRegistry& r);
    static CoolingSystemConfig from(const ParameterSet& p);
};

struct HeatLoads {      // W
    double to_air = 0;     ///< everything the airflow must carry (fans' own heat included)
    double to_liquid = 0;  ///< everything the liquid must carry
};

struct CoolingFlows {
    double airflow_m3_per_s = 0, fan_w = 0;
    double liquid_m3_per_s = 0, pump_w = 0;
};

// The flows and the fan and pump power that carry `heat` at the configured rises.
CoolingFlows cooling_flows(const CoolingSystemConfig& c, const HeatLoads& heat);
// The air (or liquid) temperature when `heat_w` of it is carried by `flows`, deg C.
double air_temperature_c(const CoolingSystemConfig& c, const CoolingFlows& flows, double heat_w);
// The ASIC's junction: what reaches it (the coolant, or in air the inlet air warmed by
// `upstream_w` of front-panel heat) plus R_th x its power, deg C.
double asic_junction_c(const CoolingSystemConfig& c, const CoolingFlows& flows, double asic_w, double upstream_w);

}  // namespace cposim
