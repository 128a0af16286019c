// A lumped thermal model of one optical engine: a thermal resistance R_th (K/W) to a coolant
// at T_coolant, and optionally a heat capacity giving a first-order time constant tau:
//   steady state  T_ss = T_coolant + R_th x P_dissipated
//   dynamics      dT/dt = (T_ss - T) / tau, advanced exactly: T(t+dt) = T_ss + (T - T_ss) e^(-dt/tau)
// tau = 0 means the temperature follows the power at once.
#pragma once

#include <string>

namespace cposim {

// How the box is cooled (cooling.mode): air over heat sinks, a liquid cold plate on the
// package (front-panel modules stay air cooled), or the whole board immersed in a dielectric
// liquid.
enum class CoolingMode { air, cold_plate, immersion };

const char* cooling_mode_name(CoolingMode c);
CoolingMode parse_cooling_mode(const std::string& name);  // throws std::invalid_argument

class ThermalNode {
public:
    ThermalNode(double coolant_c, double r_th_k_per_w, double tau_s, double initial_power_w = 0);

    double steady_state_c(double power_w) const { return coolant_c_ + r_th_ * power_w; }
    // Change the dissipated power (a step); the temperature moves towards the new steady state.
    void set_power(double power_w) { power_w_ = power_w; }
    // Advance time by dt_s seconds; returns the new temperature.
    double advance(double dt_s);
    double temperature_c() const { return t_c_; }
    double power_w() const { return power_w_; }
    double coolant_c() const { return coolant_c_; }
    double r_th_k_per_w() const { return r_th_; }
    double tau_s() const { return tau_s_; }

private:
    double coolant_c_, r_th_, tau_s_, power_w_, t_c_;
};

}  // namespace cposim
