// Power conversion in the box: the PSUs take the wall's power to a 12 V bus; regulators
// (VRMs, point-of-load converters) take the bus to the ASIC's, the optics' and the modules'
// rails. Fans and the management complex hang on the bus (their own figures include their
// small converters). What the wall supplies:
//   P_wall = (P_regulated / eta_vrm + P_bus) / eta_psu,   loss = P_wall - P_regulated - P_bus
// Linear in the loads: the loss of the mean is the mean of the losses.
#pragma once

#include "parameters.h"

namespace cposim {

struct PowerConversionConfig {
    double psu_efficiency = 0.94;  ///< wall to 12 V bus
    double vrm_efficiency = 0.9;   ///< 12 V bus to the chips' rails

    static PowerConversionConfig from(const ParameterSet& p);  // system.psu_efficiency, system.vrm_efficiency
};

// What the wall supplies for `regulated_w` behind regulators and `bus_w` on the bus, W.
double wall_power_w(const PowerConversionConfig& c, double regulated_w, double bus_w);
inline double conversion_loss_w(const PowerConversionConfig& c, double regulated_w, double bus_w) {
    return wall_power_w(c, regulated_w, bus_w) - regulated_w - bus_w;
}

}  // namespace cposim
