#include "laser_source.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cposim {

const char* laser_type_name(LaserType t) { return t == LaserType::integrated ? "integrated" : "external"; }

LaserType parse_laser_type(const std::string& name) {
    if (name == "integrated") return LaserType::integrated;
    if (name == "external") return LaserType::external;
    throw std::invalid_argument("unknown laser type '" + name + "' (integrated, external)");
}

LaserSource::LaserSource(const LaserConfig& c, int lanes) : c_(c), lanes_(lanes) {
    if (lanes <= 0 || c.lanes_per_laser <= 0) throw std::invalid_argument("LaserSource: lanes must be > 0");
    if (!(c.wall_plug_efficiency > 0 && c.wall_plug_efficiency <= 1))
        throw std::invalid_argument("LaserSource: wall-plug efficiency must be in (0, 1]");
    if (!(c.driver_efficiency > 0 && c.driver_efficiency <= 1))
        throw std::invalid_argument("LaserSource: driver efficiency must be in (0, 1]");
    if (!(c.tec_cop > 0) || c.lasers_per_module <= 0)
        throw std::invalid_argument("LaserSource: TEC COP and lasers per module must be > 0");
    failed_.assign(static_cast<size_t>((lanes + c.lanes_per_laser - 1) / c.lanes_per_laser), false);
}

void LaserSource::check(int k) const {
    if (k < 0 || k >= lasers()) throw std::out_of_range("LaserSource: no laser " + std::to_string(k));
}

std::pair<int, int> LaserSource::lanes_served_by(int k) const {
    check(k);
    return {k * c_.lanes_per_laser, std::min(lanes_, (k + 1) * c_.lanes_per_laser)};
}

int LaserSource::laser_of_lane(int lane) const {
    if (lane < 0 || lane >= lanes_) throw std::out_of_range("LaserSource: no lane " + std::to_string(lane));
    return lane / c_.lanes_per_laser;
}

void LaserSource::fail(int k) { check(k); failed_[static_cast<size_t>(k)] = true; }
void LaserSource::repair(int k) { check(k); failed_[static_cast<size_t>(k)] = false; }
bool LaserSource::failed(int k) const { check(k); return failed_[static_cast<size_t>(k)]; }

int LaserSource::lanes_down() const {
    int down = 0;
    for (int k = 0; k < lasers(); ++k)
        if (failed(k)) down += lanes_served_by(k).second - lanes_served_by(k).first;
    return down;
}

int LaserSource::lasers_failed() const {
    return static_cast<int>(std::count(failed_.begin(), failed_.end(), true));
}

double LaserSource::wall_plug_efficiency(double t) const {
    const double f = 1.0 - c_.derating_per_k * (t - LaserConfig::reference_temperature_c);
    return c_.wall_plug_efficiency * std::clamp(f, 0.01, 1.0 / c_.wall_plug_efficiency);
}

double LaserSource::optical_power_w() const { return std::pow(10.0, c_.output_power_dbm / 10.0) * 1e-3; }

double LaserSource::electrical_power_w(double t) const {
    return (lasers() - lasers_failed()) * optical_power_w() / wall_plug_efficiency(t);
}

double LaserSource::heat_w(double t) const {
    return electrical_power_w(t) - (lasers() - lasers_failed()) * optical_power_w();
}

}  // namespace cposim

namespace cposim {

double LaserSource::driver_loss_w(double t) const { return electrical_power_w(t) * (1.0 / c_.driver_efficiency - 1.0); }

double LaserSource::tec_w(double t) const { return c_.tec ? heat_w(t) / c_.tec_cop : 0.0; }

}  // namespace cposim
