// The circuits of an optical engine (or of a pluggable module: an engine of its lanes): N
// lanes of modulators with their drivers, photodiodes with their TIAs, (for micro-rings) the
// heaters that keep each ring on its laser's wavelength, the engine's electrical interface to
// the host (an XSR/VSR SerDes or a DSP retimer; none with linear drive), and its control:
// a monitoring and lock/bias loop per lane and a housekeeping controller per engine.
// Electrical power only; lasers are a LaserSource, the optical path a LinkBudget.
//
// Micro-ring heater model: a ring's resonance drifts with temperature by `ring_drift_nm_per_k`
// (docs/references.md "Silicon thermo-optic coefficient": ~0.06 nm/K at 1310 nm, ~0.07 nm/K at 1550 nm, from dn/dT of silicon). Heaters
// can only red-shift (heat), so rings are made to sit blue of the laser at the hottest
// temperature they must work at (`lock_max_temperature_c`) plus a fabrication margin
// (`tuning_offset_nm`); the heater supplies the rest:
//   tuning(T) = tuning_offset_nm + ring_drift_nm_per_k x (lock_max_temperature_c - T)
//               + laser_shift_nm                                                  [nm]
//   heater power per ring = heater_mw_per_nm x tuning(T)                              [mW]
// laser_shift_nm is how far the laser sits red of its wavelength at 25 deg C (a laser not held
// by a TEC drifts with its temperature; LaserSource::wavelength_shift_nm): the ring follows it.
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
    double driver_pj_per_bit = 1.0;     ///< modulator driver, pJ/bit (the micro-ring default)
    double tia_pj_per_bit = 0.5;        ///< photodiode TIA and receive front end, pJ/bit
    double ring_drift_nm_per_k = 0.06;  ///< resonance drift, nm/K
    double heater_mw_per_nm = 5;        ///< heater power per nm of tuning, mW/nm
    double lock_max_temperature_c = 70; ///< hottest temperature a ring can be locked at, deg C
    double tuning_offset_nm = 1;        ///< fabrication margin: tuning still needed there, nm
    double tuning_range_nm = 8;         ///< largest tuning a heater provides, nm
    double interface_pj_per_bit = 0;    ///< electrical interface to the host (SerDes, DSP), pJ/bit
    double control_mw_per_lane = 0;     ///< monitoring and lock/bias loop per lane, mW
    double housekeeping_w = 0;          ///< the engine's controller and sensors, W
};

class EngineCircuits {
public:
    explicit EngineCircuits(const OpticalEngineConfig& c);
    const OpticalEngineConfig& config() const { return c_; }

    // Per ring (0 for Mach-Zehnder), nm; laser_shift_nm: the laser's drift from 25 deg C.
    double tuning_nm(double temperature_c, double laser_shift_nm = 0) const;
    bool locked(double temperature_c, double laser_shift_nm = 0) const;  ///< rings can follow their lasers
    double heater_power_w_per_lane(double temperature_c, double laser_shift_nm = 0) const;

    double driver_power_w() const;     ///< all lanes, W (lanes always signal: idles)
    double tia_power_w() const;        ///< all lanes, W
    double interface_power_w() const;  ///< all lanes, W
    double control_power_w() const;    ///< lanes' loops and the housekeeping controller, W
    double heater_power_w(double temperature_c, double laser_shift_nm = 0) const;  ///< all lanes, W
    double power_w(double temperature_c, double laser_shift_nm = 0) const {  ///< engine total without lasers, W
        return driver_power_w() + tia_power_w() + interface_power_w() + control_power_w() +
               heater_power_w(temperature_c, laser_shift_nm);
    }
    // Per bit of line rate (one direction counted once: TX and RX together), pJ/bit.
    double energy_pj_per_bit(double temperature_c, double laser_shift_nm = 0) const;

private:
    OpticalEngineConfig c_;
};

}  // namespace cposim
