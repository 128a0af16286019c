// What a switch box draws besides its ASIC and the ASIC's I/O: the cooling that carries the
// heat away, the power conversion losses and the management complex. The fans and pumps are
// set for the heat of the box at full line rate (the controller follows temperature over
// seconds, so within a run their speed is fixed): they are sized once, from the design
// loads, and the conversion loss then follows the loads of each moment.
//
// Where the heat goes: with air cooling all of it into the airflow; with a cold plate the
// ASIC's and the co-packaged optics' into the liquid and the rest (front-panel modules,
// external lasers, conversion loss, management, the fans' own) into the air; immersed, all of
// it into the liquid and no fans. Pumps are the liquid loop's share for this box (a rack's
// coolant distribution unit): counted as cooling, supplied by the facility, not the box's PSUs.
#pragma once

#include "cooling_system.h"
#include "parameters.h"
#include "power_conversion.h"

namespace cposim {

struct BoxLoads {              // W: the ASIC and its I/O (power_w.total), by where their heat goes
    double asic = 0;           ///< switch core and host SerDes: on the package
    double package_optics = 0; ///< co- or near-packaged engines: share the ASIC's cooling
    double front_panel = 0;    ///< pluggable and LPO modules, external laser modules: in the airflow
    double total() const { return asic + package_optics + front_panel; }
};

struct BoxPowerConfig {
    CoolingSystemConfig cooling;
    PowerConversionConfig conversion;
    double management_w = 40;  ///< management CPU, BMC and board logic, W

    static void declare_parameters(ParameterRegistry& r);  // system.*
    static BoxPowerConfig from(const ParameterSet& p);
};

struct BoxPower {              // W unless said otherwise
    double fans = 0, pumps = 0, conversion_loss = 0, management = 0;
    double cooling() const { return fans + pumps; }
    double system = 0;         ///< loads + cooling + conversion loss + management
    HeatLoads heat;            ///< where this moment's heat goes
    double air_outlet_c = 0;   ///< outlet air temperature (the inlet's without airflow), deg C
    double asic_junction_c = 0;
};

class BoxPowerModel {
public:
    // Sizes the fans and pumps for `design` (the loads at full line rate).
    BoxPowerModel(const BoxPowerConfig& c, const BoxLoads& design);
    const BoxPowerConfig& config() const { return c_; }
    const CoolingFlows& flows() const { return flows_; }
    const BoxLoads& design() const { return design_; }
    double design_heat_w() const { return design_heat_; }  ///< everything the cooling was sized to carry

    // The box at these loads, with the cooling as sized.
    BoxPower at(const BoxLoads& loads) const;
    // The wall's power for a total of `loads_w` (power_w.total at one moment): linear in it.
    double system_w(double loads_w) const;

private:
    HeatLoads heat_of(const BoxLoads& loads, double fans_w) const;
    BoxPowerConfig c_;
    BoxLoads design_;
    CoolingFlows flows_;
    double design_heat_ = 0;
};

}  // namespace cposim
