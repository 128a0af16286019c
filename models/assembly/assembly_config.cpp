#include "assembly_config.h"

#include "errors.h"

namespace cposim {

Coupler parse_coupler(const std::string& name) {
    if (name == "edge") return Coupler::edge;
    if (name == "grating") return Coupler::grating;
    throw ConfigError("assembly.coupler: '" + name + "' is not one of {edge, grating}");
}

const char* coupler_name(Coupler c) { return c == Coupler::edge ? "edge" : "grating"; }

void AssemblyConfig::declare_parameters(ParameterRegistry& r) {
    r.add_integer("assembly.package", -1, -1, (int64_t{1} << 40),
                  "cposim run: build the optics from package K of the assembly Monte Carlo (same "
                  "assembly.* and assembly.seed); -1 = nominal optics");
    r.add_integer("assembly.seed", 1, 0, (int64_t{1} << 53),
                  "seed of the assembly Monte Carlo: package K draws from (seed, K), whatever --jobs");
    // --- placement of each fibre ---------------------------------------------------------
    // Assumed: sub-micron active alignment, 0.3 um per axis.
    r.add_real("assembly.lateral_sigma_um", Dimension::none, "", 0.3, 0, 100,
               "standard deviation of each fibre's lateral offset, per axis (x, y), um");
    r.add_real("assembly.lateral_bias_um", Dimension::none, "", 0, -100, 100,
               "fixed lateral offset added to every fibre (x axis), um");
    // Assumed: a 2 um nominal gap (adhesive) with 1 um spread; the gap is |nominal + spread|.
    r.add_real("assembly.axial_gap_um", Dimension::none, "", 2, 0, 1000,
               "nominal axial gap from the fibre facet to the chip facet, um");
    r.add_real("assembly.axial_sigma_um", Dimension::none, "", 1, 0, 1000,
               "standard deviation of the axial gap, um");
    // Assumed: 0.2 degrees per plane.
    r.add_real("assembly.tilt_sigma_deg", Dimension::none, "", 0.2, 0, 45,
               "standard deviation of each fibre's tilt against the chip mode, per plane, degrees");
    // --- warpage of each fibre array -----------------------------------------------------
    // Assumed: a bow of 0.5 +- 0.5 um across an array left after aligning at its end fibres.
    r.add_real("assembly.warpage_um", Dimension::none, "", 0.5, -100, 100,
               "mean bow (peak sag, middle against the end fibres) across one fibre array, um");
    r.add_real("assembly.warpage_sigma_um", Dimension::none, "", 0.5, 0, 100,
               "standard deviation of the bow from array to array, um");
    // Assumed: the usual 127 um V-groove pitch of fibre arrays.
    r.add_real("assembly.fibre_pitch_um", Dimension::none, "", 127, 1, 10000,
               "fibre spacing in an array (sets the slope of the bow), um");
    r.add_integer("assembly.fibres_per_array", 0, 0, 100000,
                  "fibres per fibre array; 0 = one array holds all fibres of an engine");
    // --- coupler and modes ---------------------------------------------------------------
    r.add_choice("assembly.coupler", "edge", {"edge", "grating"},
                 "fibre-to-chip coupler: edge (bow moves fibres sideways) or grating (bow changes gap and tilt)");
    // Assumed: the part of the < 1.5 dB of an edge coupler (Wan et al. 2025) that is not
    // mode mismatch; with the default modes (0.08 dB mismatch) the facet costs ~1.5 dB.
    r.add_real("assembly.edge_base_loss_db", Dimension::none, "", 1.4, 0, 30,
               "an edge coupler's loss with perfect alignment, mode mismatch apart, dB");
    // Assumed: the ~5 dB of a grating coupler (Taillaert et al. 2006) less a small mismatch.
    r.add_real("assembly.grating_base_loss_db", Dimension::none, "", 4.9, 0, 30,
               "a grating coupler's loss with perfect alignment, mode mismatch apart, dB");
    // Corning SMF-28: MFD 9.2 um at 1310 nm (docs/references.md "Single-mode fibre mode field").
    r.add_real("assembly.mfd_fibre_um", Dimension::none, "", 9.2, 0.5, 100,
               "mode field diameter of the fibre at the wavelength, um");
    // Assumed: a spot-size converter expanding the waveguide mode to 8 um.
    r.add_real("assembly.mfd_chip_um", Dimension::none, "", 8, 0.5, 100,
               "mode field diameter of the chip coupler's mode, um");
    // 800GBASE-DR8 runs at 1310 nm (docs/references.md "800GBASE-DR8 optics").
    r.add_real("assembly.wavelength_nm", Dimension::none, "", 1310, 400, 2000, "wavelength, nm");
    // Assumed: an air gap (1.0); index-matching adhesive is ~1.45 and relaxes gap and tilt.
    r.add_real("assembly.gap_index", Dimension::none, "", 1, 1, 4, "refractive index of the gap");
    // --- yields and spares -----------------------------------------------------------------
    // Assumed: parts known good (tested before assembly); set them to study scrap.
    r.add_real("assembly.asic_yield", Dimension::none, "", 1, 0, 1,
               "probability that the ASIC survives attach to the package substrate");
    r.add_real("assembly.engine_yield", Dimension::none, "", 1, 0, 1,
               "known-good-engine yield: probability that one optical engine is good");
    r.add_real("assembly.laser_yield", Dimension::none, "", 1, 0, 1,
               "probability that one laser is good (external: replaced; integrated: scraps the package)");
    r.add_real("assembly.fibre_attach_yield", Dimension::none, "", 1, 0, 1,
               "probability that one fibre array's attach succeeds (a failed attach scraps the package)");
    r.add_integer("assembly.spare_lanes", 0, 0, 64,
                  "spare lanes per port (with their own fibres) that replace failed lanes");
    // --- costs (assumed, illustrative: no published prices) ---------------------------------
    r.add_real("assembly.asic_cost_usd", Dimension::none, "", 8000, 0, 1e9, "cost of one switch ASIC, USD");
    r.add_real("assembly.engine_cost_usd", Dimension::none, "", 400, 0, 1e9, "cost of one optical engine, USD");
    r.add_real("assembly.laser_cost_usd", Dimension::none, "", 100, 0, 1e9, "cost of one laser, USD");
    r.add_real("assembly.fibre_array_cost_usd", Dimension::none, "", 50, 0, 1e9,
               "cost of one fibre array and its attach, USD");
    r.add_real("assembly.package_cost_usd", Dimension::none, "", 1000, 0, 1e9,
               "cost of the substrate, assembly and test of one package, USD");
}

AssemblyConfig AssemblyConfig::from(const ParameterSet& p) {
    AssemblyConfig c;
    c.package = p.integer("assembly.package");
    c.seed = static_cast<uint64_t>(p.integer("assembly.seed"));
    c.lateral_sigma_um = p.real("assembly.lateral_sigma_um");
    c.lateral_bias_um = p.real("assembly.lateral_bias_um");
    c.axial_gap_um = p.real("assembly.axial_gap_um");
    c.axial_sigma_um = p.real("assembly.axial_sigma_um");
    c.tilt_sigma_deg = p.real("assembly.tilt_sigma_deg");
    c.warpage_um = p.real("assembly.warpage_um");
    c.warpage_sigma_um = p.real("assembly.warpage_sigma_um");
    c.fibre_pitch_um = p.real("assembly.fibre_pitch_um");
    c.fibres_per_array = static_cast<int>(p.integer("assembly.fibres_per_array"));
    c.coupler = parse_coupler(p.text("assembly.coupler"));
    c.base_loss_db = p.real(c.coupler == Coupler::edge ? "assembly.edge_base_loss_db" : "assembly.grating_base_loss_db");
    c.modes.mfd_fibre_um = p.real("assembly.mfd_fibre_um");
    c.modes.mfd_chip_um = p.real("assembly.mfd_chip_um");
    c.modes.wavelength_nm = p.real("assembly.wavelength_nm");
    c.modes.gap_index = p.real("assembly.gap_index");
    c.yields.asic = p.real("assembly.asic_yield");
    c.yields.engine = p.real("assembly.engine_yield");
    c.yields.laser = p.real("assembly.laser_yield");
    c.yields.fibre_attach = p.real("assembly.fibre_attach_yield");
    c.spare_lanes = static_cast<int>(p.integer("assembly.spare_lanes"));
    c.costs.asic = p.real("assembly.asic_cost_usd");
    c.costs.engine = p.real("assembly.engine_cost_usd");
    c.costs.laser = p.real("assembly.laser_cost_usd");
    c.costs.fibre_array = p.real("assembly.fibre_array_cost_usd");
    c.costs.package = p.real("assembly.package_cost_usd");
    return c;
}

}  // namespace cposim
