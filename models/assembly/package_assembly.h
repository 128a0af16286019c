// One assembled package of the Monte Carlo: every fibre's placement drawn from assembly.*,
// its coupling loss, each lane's margin, SNR-derived pre-FEC BER and pass/fail, each port's
// pass/fail with spares, the parts' yields and the package's cost.
//
// Package K draws from two streams of (assembly.seed, K) only (geometry and parts), with a
// fixed number of draws per fibre, array and part: the same package whatever the number of
// workers, and the same draws across a yield curve (common random numbers).
//
// Each lane's coupling losses enter the engine's link budget: the budget assumes
// optics.coupling_loss_db at every facet; an assembled facet costs the coupler's base loss
// plus its alignment loss instead. Our package's facets only (the partner is nominal):
//   receive:  margin = nominal - (rx facet - nominal facet)
//   transmit: margin = nominal - (tx facet - nominal facet) - (laser facet - nominal facet), external lasers
// A lane passes when both directions have margin >= 0 and pre-FEC BER below the FEC
// threshold (2.4e-4); a port passes when at most its spare lanes fail.
#pragma once

#include <cstdint>
#include <vector>

#include "assembly_config.h"
#include "package_layout.h"
#include "phy_config.h"

namespace cposim {

// The budget of one engine's lanes before assembly, at its steady operating point.
struct EngineBudget {
    double margin_db = 0;               ///< nominal link margin (every facet at the nominal loss), dB
    double nominal_facet_loss_db = 0;   ///< optics.coupling_loss_db
    bool rings_locked = true;
    PhyConfig::BerModel ber_model;      ///< its PHY's BER from margin (PhyConfig::computed_ber)

    static EngineBudget from(const PhyConfig& engine_config);
    double ber(double margin_db) const;  ///< pre-FEC BER of one lane at this margin
};

struct LaneResult {
    double rx_extra_db = 0, tx_extra_db = 0;    ///< coupling loss above the nominal budget's, dB
    double rx_margin_db = 0, tx_margin_db = 0;  ///< link margin of each direction, dB
    double rx_ber = 0, tx_ber = 0;              ///< pre-FEC BER of each direction
    bool pass = true;
    double worst_margin_db() const { return rx_margin_db < tx_margin_db ? rx_margin_db : tx_margin_db; }
};

struct AssembledPackage {
    int64_t index = 0;
    std::vector<double> alignment_loss_db;  ///< per fibre: offset, gap, tilt, mode mismatch (base loss apart)
    std::vector<LaneResult> lanes;          ///< in layout order (port-major)
    std::vector<std::vector<int>> in_use;   ///< per port: its k lanes carrying traffic (lanes within the port)
    std::vector<double> port_rx_ber, port_tx_ber;  ///< per port, over the lanes in use
    std::vector<int> port_lanes_failed;
    bool asic_good = true;
    int engines_bad = 0, arrays_bad = 0;
    int lasers_bad = 0;       ///< found bad at first fit
    int lasers_replaced = 0;  ///< external lasers fitted to replace bad ones (bad replacements included)
    int lanes_failed = 0, ports_failed = 0;
    int ports_spared = 0;     ///< ports whose failed lanes spares covered
    bool optics_pass = true;  ///< every port passes
    bool parts_good = true;   ///< ASIC, engines, fibre attach, integrated lasers
    double cost_usd = 0;      ///< what building this package consumed

    bool good() const { return optics_pass && parts_good; }
};

// Package `index` of the Monte Carlo. budgets: one per engine of the layout.
AssembledPackage assemble_package(const PackageLayout& layout, const AssemblyConfig& config,
                                  const std::vector<EngineBudget>& budgets, const PortLanes& port, int64_t index);

}  // namespace cposim
