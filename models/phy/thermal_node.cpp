#include "thermal_node.h"

#include <cmath>
#include <stdexcept>

namespace cposim {

const char* cooling_name(Cooling c) { return c == Cooling::air ? "air" : "liquid"; }

Cooling parse_cooling(const std::string& name) {
    if (name == "air") return Cooling::air;
    if (name == "liquid") return Cooling::liquid;
    throw std::invalid_argument("unknown cooling '" + name + "' (air, liquid)");
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
