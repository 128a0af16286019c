// A circuit's optical budget, leaf engine to leaf engine through the OCS: the leaves' own
// budget for the fibre of both spans (leaf to OCS, OCS to leaf), less the OCS's insertion
// loss (nominal, and the worst port pair at 3 sigma of its spread) and the power penalty of
// its in-band crosstalk. The margin left sets the lane's pre-FEC BER by the PHY's own model,
// so a CPO engine's margin decides whether a path through the OCS closes, and at what BER.
//
// Crosstalk: an interfering signal a fraction eps of the signal's power at the same
// wavelength costs, at worst (beating in phase), -10 log10(1 - 2 sqrt(eps)) dB for on-off
// keying (Ramaswami, Sivarajan, Sasaki, "Optical Networks", in-band crosstalk); PAM4's eye
// is closer: 9 dB less tolerant (Optics Letters 44(24), 2019), taken as eps x 10^0.9.
#pragma once

#include "ocs_config.h"
#include "phy_config.h"

namespace cposim {

struct OcsPathBudget {
    double fibre_m = 0;                ///< both spans
    double margin_without_ocs_db = 0;  ///< the leaves' budget over that fibre
    double insertion_loss_db = 0, worst_insertion_loss_db = 0;
    double crosstalk_penalty_db = 0;   ///< infinite when the crosstalk closes the eye
    double margin_db = 0, worst_margin_db = 0;
    double pre_fec_ber = 0, worst_pre_fec_ber = 0;
    double codeword_failure_probability = 0, worst_codeword_failure_probability = 0;
    bool closes() const { return worst_margin_db >= 0; }
};

double crosstalk_penalty_db(double crosstalk_db, Modulation m);

/// leaf: the leaf's PHY built for a link of fibre_m (both spans).
OcsPathBudget ocs_path_budget(const PhyConfig& leaf, const OcsConfig& ocs, double fibre_m);

}  // namespace cposim
