#include "link_budget.h"

#include <cmath>
#include <stdexcept>

namespace cposim {

double dbm_to_mw(double dbm) { return std::pow(10.0, dbm / 10.0); }
double mw_to_dbm(double mw) { return 10.0 * std::log10(mw); }

LinkBudget::LinkBudget(const LinkBudgetInputs& in) : in_(in) {
    if (in.lanes_per_laser < 1) throw std::invalid_argument("LinkBudget: lanes_per_laser must be >= 1");
    if (in.extinction_ratio_db <= 0) throw std::invalid_argument("LinkBudget: extinction ratio must be > 0 dB");
    double p = in.laser_power_dbm;
    stages_.push_back({"laser output", in.laser_power_dbm, p});
    auto add = [&](const std::string& name, double change) {
        p += change;
        stages_.push_back({name, change, p});
    };
    if (in.external_laser) {
        add("external laser connector", -in.connector_loss_db);
        add("coupling into the transmitting chip", -in.coupling_loss_db);
    }
    add("split 1:" + std::to_string(in.lanes_per_laser), -10.0 * std::log10(in.lanes_per_laser));
    add("modulator", -in.modulator_loss_db);
    add("coupling out of the transmitting chip", -in.coupling_loss_db);
    launch_dbm_ = p;
    add(std::to_string(in.connectors) + " connectors", -in.connectors * in.connector_loss_db);
    add("fibre", -in.fibre.loss_db());
    add("coupling into the receiving chip", -in.coupling_loss_db);
    if (in.penalty_db != 0) add("penalties", -in.penalty_db);
    received_dbm_ = p;
    const double r = std::pow(10.0, in.extinction_ratio_db / 10.0);
    oma_factor_db_ = 10.0 * std::log10(2.0 * (r - 1.0) / (r + 1.0));
}

}  // namespace cposim
