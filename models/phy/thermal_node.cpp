#include "thermal_node.h"

#include <cmath>
#include <stdexcept>

namespace cposim {

const char* cooling_mode_name(CoolingMode c) {
    switch (c) {
        case CoolingMode::air: return "air";
        case CoolingMode::cold_plate: return "cold_plate";
        case CoolingMode::immersion: return "immersion";
    }
    return "?";
}

CoolingMode parse_cooling_mode(const std::string& name) {
    if (name == "air") return CoolingMode::air;
    if (name == "cold_plate") return CoolingMode::cold_plate;
    if (name == "immersion") return CoolingMode::immersion;
    throw std::invalid_argument("unknown cooling mode '" + name + "' (air, cold_plate, immersion)");
}

ThermalNode::ThermalNode(double coolant_c, double r_th, double tau_s, double initial_power_w)
    : coolant_c_(coolant_c), r_th_(r_th), tau_s_(tau_s), power_w_(initial_power_w),
      t_c_(coolant_c + r_th * initial_power_w) {
    if (r_th < 0 || tau_s < 0) throw std::invalid_argument("ThermalNode: R_th and tau must be >= 0");
}

double ThermalNode::advance(double dt_s) {
    const double target = steady_state_c(power_w_);
    if (tau_s_ <= 0) {
        t_c_ = target;
    } else {
        t_c_ = target + (t_c_ - target) * std::exp(-dt_s / tau_s_);
    }
    return t_c_;
}

}  // namespace cposim
