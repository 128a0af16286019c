// The circuits of an optical engine: N lanes of modulators with their drivers, photodiodes with their TIAs,
// and (for micro-rings) the heaters that keep each ring on its laser's wavelength. Electrical
// power only; lasers are a LaserSource, the optical path a LinkBudget.
//
// Micro-ring heater model: a ring's resonance drifts with temperature by `ring_drift_nm_per_k`
// (docs/references.md "Silicon thermo-optic coefficient": ~0.06 nm/K at 1310 nm, ~0.07 nm/K at 1550 nm, from dn/dT of silicon). Heaters
// can only red-shift (heat), so rings are made to sit blue of the laser at the hottest
// temperature they must work at (`lock_max_temperature_c`) plus a fabrication margin
// (`tuning_offset_nm`); the heater supplies the rest:
//   tuning(T) = tuning_offset_nm + ring_drift_nm_per_k x (lock_max_temperature_c - T)   [nm]
//   heater power per ring = heater_mw_per_nm x tuning(T)                              [mW]
// A ring stays locked while 0 <= tuning(T) <= tuning_range_nm. Mach-Zehnder modulators are
// broadband: no heater, more drive power (see modulator_traits()).
#pragma once

#include <string>

namespace cposim {

enum class Modulator { microring, mach_zehnder };

const char* modulator_name(Modulator m);
Modulator parse_modulator(const std::string& name);  // throws std::invalid_argument

struct ModulatorTraits {
    double insertion_loss_db;   ///< optical loss at the operating point, dB
    double driver_pj_per_bit;   ///< driver energy per bit of line rate, pJ/bit
    bool needs_heater;          ///< resonant: needs thermal tuning
};
ModulatorTraits modulator_traits(Modulator m);

struct OpticalEngineConfig {
    int lanes = 64;                     ///< transmit + receive lanes per engine
    Modulator modulator = Modulator::microring;
    double lane_rate_gbps = 106.25;     ///< line rate per lane, Gb/s
    double driver_pj_per_bit = 0.5;     ///< modulator driver, pJ/bit
    double tia_pj_per_bit = 0.5;        ///< photodiode TIA and receive front end, pJ/bit
    double ring_drift_nm_per_k = 0.06;  ///< resonance drift, nm/K
    double heater_mw_per_nm = 5;        ///< heater power per nm of tuning, mW/nm
    double lock_max_temperature_c = 70; ///< hottest temperature a ring can be locked at, deg C
    double tuning_offset_nm = 1;        ///< fabrication margin: tuning still needed there, nm
    double tuning_range_nm = 8;         ///< largest tuning a heater provides, nm
};

class EngineCircuits {
public:
    explicit EngineCircuits(const OpticalEngineConfig& c);
    const OpticalEngineConfig& config() const { return c_; }

    double tuning_nm(double temperature_c) const;  ///< per ring (0 for Mach-Zehnder), nm
    bool locked(double temperature_c) const;        ///< rings can follow their lasers
    double heater_power_w_per_lane(double temperature_c) const;

    double driver_power_w() const;  ///< all lanes, W (lanes always signal: idles)
    double tia_power_w() const;     ///< all lanes, W
    double heater_power_w(double temperature_c) const;  ///< all lanes, W
    double power_w(double temperature_c) const {        ///< engine total without lasers, W
        return driver_power_w() + tia_power_w() + heater_power_w(temperature_c);
    }
    // Per bit of line rate (one direction counted once: TX and RX together), pJ/bit.
    double energy_pj_per_bit(double temperature_c) const;

private:
    OpticalEngineConfig c_;
};

}  // namespace cposim
