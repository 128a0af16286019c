// The lasers that feed an optical engine's modulators: integrated on the engine or external
// (a front-panel laser module, OIF-ELSFP), each serving `lanes_per_laser` consecutive lanes.
// Lasers are driven at constant optical output (automatic power control); their wall-plug
// efficiency (optical out / electrical in) falls linearly with temperature (assumed):
//   WPE(T) = WPE_ref x max(0.01, 1 - derating_per_k x (T - T_ref)),  T_ref = 25 deg C
// and the electrical power is P_opt / WPE. A failed laser takes all its lanes down.
//
// What feeding them costs beyond the diodes: the drive-current regulators (the diodes' power
// over `driver_efficiency`), and where the lasers are held at 25 deg C by a TEC (external
// laser modules, assumed), the TEC pumping the diodes' heat at `tec_cop` (heat moved per W).
// A laser without a TEC sits at its surroundings' temperature and its wavelength drifts
// `wavelength_drift_nm_per_k` from where it is at 25 deg C; the rings follow it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cposim {

enum class LaserType { integrated, external };

const char* laser_type_name(LaserType t);
LaserType parse_laser_type(const std::string& name);  // throws std::invalid_argument

struct LaserConfig {
    LaserType type = LaserType::external;
    int lanes_per_laser = 8;
    double output_power_dbm = 20;     ///< optical output per laser (per ELS fibre), dBm
    double wall_plug_efficiency = 0.2;  ///< at 25 deg C, optical / electrical
    double derating_per_k = 0.005;    ///< relative WPE loss per K above 25 deg C, 1/K
    double driver_efficiency = 0.8;   ///< diode power / drive regulator input
    bool tec = false;                 ///< held at 25 deg C by a thermo-electric cooler
    double tec_cop = 1.0;             ///< heat pumped per W the TEC draws
    double wavelength_drift_nm_per_k = 0.1;  ///< emission wavelength drift, nm/K (no TEC)
    int lasers_per_module = 8;        ///< external lasers per front-panel laser module

    static constexpr double reference_temperature_c = 25.0;
};

class LaserSource {
public:
    // `lanes`: the lanes this set of lasers feeds (e.g. one engine's).
    LaserSource(const LaserConfig& c, int lanes);
    const LaserConfig& config() const { return c_; }

    int lanes() const { return lanes_; }
    int lasers() const { return static_cast<int>(failed_.size()); }  ///< ceil(lanes / lanes_per_laser)
    // Lanes served by laser k: [first, last).
    std::pair<int, int> lanes_served_by(int k) const;
    int laser_of_lane(int lane) const;

    void fail(int k);
    void repair(int k);
    bool failed(int k) const;
    bool lane_up(int lane) const { return !failed(laser_of_lane(lane)); }
    int lanes_down() const;
    int lasers_failed() const;

    // The lasers' temperature: 25 deg C under a TEC, else their surroundings'.
    double temperature_c(double surroundings_c) const {
        return c_.tec ? LaserConfig::reference_temperature_c : surroundings_c;
    }
    // How far red of its 25 deg C wavelength a laser at this temperature emits, nm.
    double wavelength_shift_nm(double temperature_c) const {
        return c_.wavelength_drift_nm_per_k * (temperature_c - LaserConfig::reference_temperature_c);
    }
    double wall_plug_efficiency(double temperature_c) const;
    double optical_power_w() const;  ///< one laser, W
    // Working lasers only, W: electrical input, and the part of it that is heat (input - light).
    double electrical_power_w(double temperature_c) const;
    double heat_w(double temperature_c) const;
    // Working lasers only, W: the drive regulators' loss and the TEC's input (0 without one).
    double driver_loss_w(double temperature_c) const;
    double tec_w(double temperature_c) const;
    // External laser modules these lasers fill (a share when they fill part of one).
    double modules() const { return static_cast<double>(lasers()) / c_.lasers_per_module; }

private:
    void check(int k) const;
    LaserConfig c_;
    int lanes_;
    std::vector<bool> failed_;
};

}  // namespace cposim
