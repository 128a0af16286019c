// The optical power budget of one lane, laser to photodiode, in dB: laser output, (for an
// external laser) its connector and the coupling into the engine's photonic chip, the split
// of one laser over its lanes, the modulator's insertion loss, the coupling out, connectors,
// the fibre, the coupling into the receiving chip. The modulated signal's OMA follows from
// the average power and the extinction ratio r (linear):
//   OMA = P1 - P0 = 2 P_avg (r - 1) / (r + 1)
// and the margin is the received OMA minus the receiver sensitivity (OMA, dBm).
#pragma once

#include <string>
#include <vector>

#include "fibre.h"

namespace cposim {

struct LinkBudgetInputs {
    double laser_power_dbm = 0;         ///< optical output of one laser (one ELS fibre), dBm
    int lanes_per_laser = 1;            ///< lanes sharing that laser (ideal 1:N split)
    bool external_laser = false;        ///< adds a connector and an input coupling facet
    double coupling_loss_db = 0;        ///< per fibre-to-chip facet, dB
    double modulator_loss_db = 0;       ///< modulator insertion loss at its operating point, dB
    double extinction_ratio_db = 3.5;   ///< P1 / P0 of the modulated light, dB
    double connector_loss_db = 0;       ///< per connector, dB
    int connectors = 0;                 ///< connectors between the two engines
    Fibre fibre;                        ///< the span between the engines
    double penalty_db = 0;              ///< other penalties (e.g. temperature), dB
    double rx_sensitivity_oma_dbm = 0;  ///< receiver sensitivity, OMA, dBm
};

class LinkBudget {
public:
    explicit LinkBudget(const LinkBudgetInputs& in);

    struct Stage {
        std::string name;
        double change_db;  ///< gain (+) or loss (-) of this stage, dB
        double power_dbm;  ///< average power after it, dBm
    };
    const std::vector<Stage>& stages() const { return stages_; }

    double launch_power_dbm() const { return launch_dbm_; }      ///< average, into the fibre
    double received_power_dbm() const { return received_dbm_; }  ///< average, at the photodiode
    double oma_factor_db() const { return oma_factor_db_; }      ///< OMA / P_avg, dB
    double received_oma_dbm() const { return received_dbm_ + oma_factor_db_; }
    double margin_db() const { return received_oma_dbm() - in_.rx_sensitivity_oma_dbm; }
    const LinkBudgetInputs& inputs() const { return in_; }

private:
    LinkBudgetInputs in_;
    std::vector<Stage> stages_;
    double launch_dbm_ = 0, received_dbm_ = 0, oma_factor_db_ = 0;
};

// dBm <-> mW.
double dbm_to_mw(double dbm);
double mw_to_dbm(double mw);

}  // namespace cposim
