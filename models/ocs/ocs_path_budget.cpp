#include "ocs_path_budget.h"

#include <cmath>
#include <limits>

namespace cposim {

double crosstalk_penalty_db(double crosstalk_db, Modulation m) {
    double eps = std::pow(10.0, crosstalk_db / 10.0);
    if (m == Modulation::pam4) eps *= std::pow(10.0, 0.9);
    const double eye = 1.0 - 2.0 * std::sqrt(eps);
    return eye > 0 ? -10.0 * std::log10(eye) : std::numeric_limits<double>::infinity();
}

OcsPathBudget ocs_path_budget(const PhyConfig& leaf, const OcsConfig& ocs, double fibre_m) {
    OcsPathBudget b;
    const PhyOperatingPoint op = leaf.operating_point();
    b.fibre_m = fibre_m;
    b.margin_without_ocs_db = op.budget.margin_db();
    b.insertion_loss_db = ocs.insertion_loss_db;
    b.worst_insertion_loss_db = ocs.insertion_loss_db + 3.0 * ocs.insertion_loss_spread_db;
    b.crosstalk_penalty_db = crosstalk_penalty_db(ocs.crosstalk_db, leaf.port.lane().modulation());
    b.margin_db = b.margin_without_ocs_db - b.insertion_loss_db - b.crosstalk_penalty_db;
    b.worst_margin_db = b.margin_without_ocs_db - b.worst_insertion_loss_db - b.crosstalk_penalty_db;
    auto ber = [&](double margin) { return std::isfinite(margin) ? leaf.computed_ber(margin) : 0.5; };
    b.pre_fec_ber = ber(b.margin_db);
    b.worst_pre_fec_ber = ber(b.worst_margin_db);
    b.codeword_failure_probability = leaf.port.fec().codeword_failure_probability_from_ber(b.pre_fec_ber);
    b.worst_codeword_failure_probability = leaf.port.fec().codeword_failure_probability_from_ber(b.worst_pre_fec_ber);
    return b;
}

}  // namespace cposim
