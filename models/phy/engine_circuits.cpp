#include "engine_circuits.h"

#include <algorithm>
#include <stdexcept>

namespace cposim {

const char* modulator_name(Modulator m) { return m == Modulator::microring ? "microring" : "mach_zehnder"; }

Modulator parse_modulator(const std::string& name) {
    if (name == "microring") return Modulator::microring;
    if (name == "mach_zehnder") return Modulator::mach_zehnder;
    throw std::invalid_argument("unknown modulator '" + name + "' (microring, mach_zehnder)");
}

ModulatorTraits modulator_traits(Modulator m) {
    if (m == Modulator::microring) {
        // Insertion loss 2 dB at the operating point (assumed). Driver 1.0 pJ/bit: a 112G
        // PAM4 transmitter (~1.0 pJ/b, IBM, IEEE JSSC, 14 nm; docs/references.md "112G
        // transmitter energy") drives each ring; the ring itself takes <7 fJ/b at 80 Gb/s PAM4
        // (Dube-Demers et al., Optica 3, 622 (2016)), Sun et al.'s whole transmitter 0.02 pJ/b
        // at 2.5 Gb/s (Nature 528, 534 (2015)): at 100G the driver, not the ring, costs.
        return {2.0, 1.0, true};
    }
    // Travelling-wave silicon Mach-Zehnder: 4 dB insertion loss and 2 pJ/bit for a linear
    // large-swing driver into a terminated electrode (both assumed); no heater.
    return {4.0, 2.0, false};
}

EngineCircuits::EngineCircuits(const OpticalEngineConfig& c) : c_(c) {
    if (c.lanes <= 0) throw std::invalid_argument("EngineCircuits: lanes must be > 0");
}

double EngineCircuits::tuning_nm(double t, double laser_shift_nm) const {
    if (!modulator_traits(c_.modulator).needs_heater) return 0;
    return c_.tuning_offset_nm + c_.ring_drift_nm_per_k * (c_.lock_max_temperature_c - t) + laser_shift_nm;
}

bool EngineCircuits::locked(double t, double laser_shift_nm) const {
    if (!modulator_traits(c_.modulator).needs_heater) return true;
    const double tune = tuning_nm(t, laser_shift_nm);
    return tune >= 0 && tune <= c_.tuning_range_nm;
}

double EngineCircuits::heater_power_w_per_lane(double t, double laser_shift_nm) const {
    // An unlocked ring's heater is clamped to its range (the controller keeps trying).
    const double tune = std::clamp(tuning_nm(t, laser_shift_nm), 0.0, c_.tuning_range_nm);
    return c_.heater_mw_per_nm * tune * 1e-3;
}

namespace {
double per_bit_w(const OpticalEngineConfig& c, double pj_per_bit) { return c.lanes * c.lane_rate_gbps * 1e9 * pj_per_bit * 1e-12; }
}  // namespace

double EngineCircuits::driver_power_w() const { return per_bit_w(c_, c_.driver_pj_per_bit); }
double EngineCircuits::tia_power_w() const { return per_bit_w(c_, c_.tia_pj_per_bit); }
double EngineCircuits::interface_power_w() const { return per_bit_w(c_, c_.interface_pj_per_bit); }
double EngineCircuits::control_power_w() const { return c_.lanes * c_.control_mw_per_lane * 1e-3 + c_.housekeeping_w; }
double EngineCircuits::heater_power_w(double t, double laser_shift_nm) const {
    return c_.lanes * heater_power_w_per_lane(t, laser_shift_nm);
}

double EngineCircuits::energy_pj_per_bit(double t, double laser_shift_nm) const {
    return power_w(t, laser_shift_nm) / (c_.lanes * c_.lane_rate_gbps * 1e9) * 1e12;
}

}  // namespace cposim
