// What the box costs to buy and to run, and its cost per unit of bandwidth. The bill of
// materials follows the box's description: the switch ASIC; the optics (co-packaged engines,
// or one pluggable or linear module per port); the lasers (and the external laser modules
// that hold them; a pluggable's are inside its price); the fibre from co-packaged engines to
// the front panel; the cooling, per kW of the heat it was sized for; the rest of the chassis
// (board, power supplies, management, enclosure). Running it: the wall power times the
// data centre's PUE at a price per kWh, over `years` for the total cost of ownership.
// No published prices are in docs/references.md: every default is assumed (illustrative).
#pragma once

#include "parameters.h"
#include "phy_config.h"

namespace cposim {

struct CostConfig {
    double asic_usd = 8000, engine_usd = 400, laser_usd = 100, laser_module_usd = 300;
    double pluggable_usd_per_800g = 600, lpo_usd_per_800g = 400;
    double fibre_usd_per_lane = 10;
    double cooling_usd_per_kw = 100;  ///< of the cooling mode in use
    double chassis_usd = 3000;
    double electricity_usd_per_kwh = 0.1, pue = 1.4, years = 5;

    static void declare_parameters(ParameterRegistry& r);  // cost.*
    static CostConfig from(const ParameterSet& p);
};

struct CostParts {  // USD
    double asic = 0, optics = 0, lasers = 0, fibre = 0, cooling = 0, chassis = 0;
    double capex() const { return asic + optics + lasers + fibre + cooling + chassis; }
};

// The box of `ports` ports described by `phy`, its cooling sized for `cooling_kw`.
CostParts bill_of_materials(const CostConfig& c, const PhyConfig& phy, int ports, double cooling_kw);

struct CostOfOwnership {  // USD
    double capex = 0, per_gbps = 0, energy_per_year = 0, tco = 0, tco_per_gbps = 0;
};
// `system_w`: the box's mean wall power; `capacity_gbps`: ports x port speed.
CostOfOwnership cost_of_ownership(const CostConfig& c, const CostParts& parts, double system_w, double capacity_gbps);

constexpr double hours_per_year = 365.25 * 24;

}  // namespace cposim
