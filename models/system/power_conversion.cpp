#include "power_conversion.h"

namespace cposim {

PowerConversionConfig PowerConversionConfig::from(const ParameterSet& p) {
    return {p.real("system.psu_efficiency"), p.real("system.vrm_efficiency")};
}

double wall_power_w(const PowerConversionConfig& c, double regulated_w, double bus_w) {
    return (regulated_w / c.vrm_efficiency + bus_w) / c.psu_efficiency;
}

}  // namespace cposim
