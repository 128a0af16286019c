#include "gaussian_coupling.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace cposim {

namespace {
constexpr double pi = 3.14159265358979323846;
using cplx = std::complex<double>;

// One transverse dimension of the overlap (see the header): offset d, tilt t.
double overlap_1d(double w1, double w2, double k, double z, double d, double t) {
    const cplx a1 = 1.0 / cplx(w1 * w1, -2.0 * z / k);
    const double a2 = 1.0 / (w2 * w2);
    const cplx A = a1 + a2;
    const cplx B(2.0 * a2 * d, -k * t);
    const cplx exponent = B * B / (4.0 * A) - a2 * d * d;
    const double norm = std::sqrt(2.0 * a1.real() / pi) * std::sqrt(2.0 * a2 / pi);
    return norm * (pi / std::abs(A)) * std::exp(2.0 * exponent.real());
}
}  // namespace

double GaussianModes::wave_number_per_um() const { return 2.0 * pi * gap_index / (wavelength_nm * 1e-3); }

double coupling_efficiency(const GaussianModes& modes, const Misalignment& m) {
    const double w1 = modes.mfd_fibre_um / 2, w2 = modes.mfd_chip_um / 2, k = modes.wave_number_per_um();
    return overlap_1d(w1, w2, k, m.gap_um, m.dx_um, m.tilt_x_rad) * overlap_1d(w1, w2, k, m.gap_um, m.dy_um, m.tilt_y_rad);
}

double coupling_loss_db(const GaussianModes& modes, const Misalignment& m) {
    // Guard the logarithm: a fibre so far off couples nothing measurable; 300 dB stands for it.
    return std::min(300.0, -10.0 * std::log10(std::max(coupling_efficiency(modes, m), 1e-30)));
}

double mode_mismatch_loss_db(const GaussianModes& modes) {
    const double w1 = modes.mfd_fibre_um / 2, w2 = modes.mfd_chip_um / 2;
    const double kappa = 2 * w1 * w2 / (w1 * w1 + w2 * w2);
    return -20.0 * std::log10(kappa);
}

double lateral_offset_for_loss_um(const GaussianModes& modes, double budget_db) {
    // loss = mismatch + 10 log10(e) 2 d^2 / (w1^2 + w2^2)
    const double w1 = modes.mfd_fibre_um / 2, w2 = modes.mfd_chip_um / 2;
    const double excess = budget_db - mode_mismatch_loss_db(modes);
    if (excess <= 0) return 0;
    return std::sqrt(excess / (10.0 * std::log10(std::exp(1.0))) * (w1 * w1 + w2 * w2) / 2.0);
}

}  // namespace cposim
