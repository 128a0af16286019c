// What the package assembly Monte Carlo takes from the parameters (assembly.*): the
// statistics of fibre placement and of warpage, the coupler and its modes, the yields and
// costs of the parts, spare lanes, and which package a run builds its optics from.
// Every default is assumed or sourced next to its declaration (assembly_config.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "gaussian_coupling.h"
#include "parameters.h"

namespace cposim {

enum class Coupler { edge, grating };
Coupler parse_coupler(const std::string& name);
const char* coupler_name(Coupler c);

struct PartYields {  // probability that one part is good, in [0, 1]
    double asic = 1;          ///< the switch ASIC (known-good die) once on the substrate
    double engine = 1;        ///< one optical engine (known-good engine)
    double laser = 1;         ///< one laser; external ones are replaced, integrated ones scrap the package
    double fibre_attach = 1;  ///< the attach (placement, cure) of one fibre array
};

struct PartCosts {  // USD each
    double asic = 0, engine = 0, laser = 0, fibre_array = 0, package = 0;
};

struct AssemblyConfig {
    int64_t package = -1;     ///< cposim run: build the optics from this package (-1: nominal optics)
    uint64_t seed = 1;        ///< the Monte Carlo's seed (package K draws from (seed, K))
    GaussianModes modes;
    Coupler coupler = Coupler::edge;
    double base_loss_db = 0;  ///< the coupler's loss with perfect alignment, mode mismatch apart, dB
    double lateral_sigma_um = 0;   ///< per axis (x, y), um
    double lateral_bias_um = 0;    ///< added to every fibre's x offset, um
    double axial_gap_um = 0;       ///< nominal gap fibre facet to chip facet, um
    double axial_sigma_um = 0;     ///< spread of the gap, um
    double tilt_sigma_deg = 0;     ///< per plane (x-z, y-z), degrees
    double warpage_um = 0;         ///< mean bow (peak sag) across a fibre array, um
    double warpage_sigma_um = 0;   ///< spread of the bow from array to array, um
    double fibre_pitch_um = 127;   ///< fibre spacing in an array, um
    int fibres_per_array = 0;      ///< 0: one array per engine
    int spare_lanes = 0;           ///< extra lanes per port that may replace failed ones
    PartYields yields;
    PartCosts costs;

    static void declare_parameters(ParameterRegistry& r);
    static AssemblyConfig from(const ParameterSet& p);
};

}  // namespace cposim
