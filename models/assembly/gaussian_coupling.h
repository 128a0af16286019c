// Power coupling between two Gaussian modes (a fibre's and a chip coupler's) with lateral
// offset, axial gap, tilt and mode-field mismatch: the overlap integral of the two
// normalised fields, evaluated in closed form.
//
// The fibre mode (waist w1 = MFD_fibre / 2 at the fibre facet) crosses a gap z of index n to
// the chip facet, where the chip mode (waist w2 = MFD_chip / 2) has its waist. Offsets (dx, dy)
// and tilts (tx, ty) are those of the fibre beam's axis at the chip facet. Circular Gaussian
// modes separate into x and y, so the power coupling is eta = eta_1(dx, tx) eta_1(dy, ty), and
// in one dimension, with k = 2 pi n / lambda,
//   E1(x) ~ exp(-a1 x^2),  a1 = 1 / (w1^2 - 2 i z / k)          (the fibre beam after z)
//   E2(x) ~ exp(-a2 (x - d)^2 + i k t x),  a2 = 1 / w2^2        (offset d, tilt t)
//   eta_1 = |<E1, E2>|^2 = sqrt(2 Re a1 / pi) sqrt(2 a2 / pi) (pi / |A|) exp(2 Re(B^2 / (4 A) + C))
//   A = a1 + a2,  B = 2 a2 d - i k t,  C = -a2 d^2.
// It reduces to the textbook forms (docs/assembly.md, docs/references.md "Gaussian-beam
// coupling"): mismatch (2 w1 w2 / (w1^2 + w2^2))^2, offset exp(-2 d^2 / (w1^2 + w2^2)) x the
// mismatch, tilt exp(-(pi n w t / lambda)^2) and gap 1 / (1 + (z / 2 zR)^2) for equal waists.
#pragma once

namespace cposim {

struct GaussianModes {
    double mfd_fibre_um = 9.2;    ///< mode field diameter of the fibre, um
    double mfd_chip_um = 9.2;     ///< mode field diameter of the chip coupler's mode, um
    double wavelength_nm = 1310;  ///< vacuum wavelength, nm
    double gap_index = 1.0;       ///< refractive index of the gap (1 air, ~1.45 index-matching epoxy)

    double wave_number_per_um() const;  ///< k = 2 pi n / lambda, 1/um
};

struct Misalignment {
    double dx_um = 0, dy_um = 0;      ///< lateral offset of the fibre beam at the chip facet, um
    double gap_um = 0;                ///< axial distance from the fibre facet to the chip facet, um
    double tilt_x_rad = 0, tilt_y_rad = 0;  ///< angle between the beams' axes, in the x-z and y-z planes, rad
};

// Power coupling efficiency in (0, 1].
double coupling_efficiency(const GaussianModes& modes, const Misalignment& m);
// The same as a loss, dB (>= 0): offset, gap, tilt and mode mismatch together.
double coupling_loss_db(const GaussianModes& modes, const Misalignment& m);
// The mode mismatch alone (perfect alignment), dB: -10 log10((2 w1 w2 / (w1^2 + w2^2))^2).
double mode_mismatch_loss_db(const GaussianModes& modes);
// The largest lateral offset (radial, um) whose loss, mismatch included, stays within
// `budget_db` with no gap or tilt; 0 when the mismatch alone exceeds the budget.
double lateral_offset_for_loss_um(const GaussianModes& modes, double budget_db);

}  // namespace cposim
