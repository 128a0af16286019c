// Gaussian-beam coupling (models/assembly/gaussian_coupling.h) against the textbook closed
// forms worked by hand, and the closed-form overlap against a numerical 2D overlap integral
// of the fibre beam (propagated with the textbook w(z), R(z)) and the chip mode.
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>

#include "gaussian_coupling.h"

using namespace cposim;

namespace {
constexpr double pi = 3.14159265358979323846;

GaussianModes modes(double mfd_fibre, double mfd_chip, double lambda_nm = 1310, double n = 1) {
    GaussianModes m;
    m.mfd_fibre_um = mfd_fibre;
    m.mfd_chip_um = mfd_chip;
    m.wavelength_nm = lambda_nm;
    m.gap_index = n;
    return m;
}

// |<E1, E2>|^2 / (<E1, E1> <E2, E2>) on a grid: E1 is the fibre beam after the gap z (waist
// w1, spot w(z) = w1 sqrt(1 + (z/zR)^2), wavefront radius R(z) = z (1 + (zR/z)^2), zR = pi n
// w1^2 / lambda), its axis displaced by (dx, dy) and tilted by (tx, ty); E2 the chip mode.
double numerical_overlap(const GaussianModes& g, const Misalignment& m) {
    using cplx = std::complex<double>;
    const double w1 = g.mfd_fibre_um / 2, w2 = g.mfd_chip_um / 2, lambda = g.wavelength_nm * 1e-3;
    const double k = 2 * pi * g.gap_index / lambda, zr = pi * g.gap_index * w1 * w1 / lambda, z = m.gap_um;
    const double wz = w1 * std::sqrt(1 + (z / zr) * (z / zr));
    const double inv_r = z == 0 ? 0 : 1 / (z * (1 + (zr / z) * (zr / z)));
    const double half = 7 * std::max(wz, w2) + std::hypot(m.dx_um, m.dy_um);
    const int n = 700;
    const double h = 2 * half / n;
    cplx overlap = 0;
    double p1 = 0, p2 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = -half + (i + 0.5) * h;
        for (int j = 0; j < n; ++j) {
            const double y = -half + (j + 0.5) * h;
            const double u = x - m.dx_um, v = y - m.dy_um, r2 = u * u + v * v;
            const cplx e1 = std::exp(cplx(-r2 / (wz * wz), -k * r2 * inv_r / 2 + k * (m.tilt_x_rad * u + m.tilt_y_rad * v)));
            const double e2 = std::exp(-(x * x + y * y) / (w2 * w2));
            overlap += e1 * e2;
            p1 += std::norm(e1);
            p2 += e2 * e2;
        }
    }
    return std::norm(overlap) / (p1 * p2);
}

double db(double eta) { return -10 * std::log10(eta); }
}  // namespace

TEST_CASE("mode mismatch: (2 w1 w2 / (w1^2 + w2^2))^2, by hand", "[assembly][coupling]") {
    // MFD 10 and 5 um: w 5 and 2.5; kappa = (25 / 31.25)^2 = 0.64 -> 1.9382 dB
    CHECK(mode_mismatch_loss_db(modes(10, 5)) == Approx(1.938200260161128).epsilon(1e-12));
    CHECK(coupling_loss_db(modes(10, 5), Misalignment{}) == Approx(1.938200260161128).epsilon(1e-12));
    CHECK(coupling_loss_db(modes(9.2, 9.2), Misalignment{}) == Approx(0).margin(1e-12));
    // The default modes: 9.2 and 8 um -> kappa = (2 x 4.6 x 4 / 37.16)^2 = 0.98068 -> 0.0847 dB
    CHECK(mode_mismatch_loss_db(modes(9.2, 8)) == Approx(-20 * std::log10(36.8 / 37.16)).epsilon(1e-12));
}

TEST_CASE("lateral offset: exp(-d^2 / w^2) for equal modes, kappa exp(-2 d^2 / (w1^2 + w2^2)) otherwise", "[assembly][coupling]") {
    Misalignment m;
    m.dx_um = 1;  // w = 5 um: exp(-0.04) -> 0.17372 dB
    CHECK(coupling_loss_db(modes(10, 10), m) == Approx(0.1737177927613009).epsilon(1e-12));
    m.dx_um = 0.6;
    m.dy_um = 0.8;  // radial 1 um: the same
    CHECK(coupling_loss_db(modes(10, 10), m) == Approx(0.1737177927613009).epsilon(1e-12));
    // Unequal: w1 4.6, w2 4, d = 2 um: mismatch 0.0847 dB + 10 log10(e) 2 x 4 / 37.16 = 0.9350 dB
    Misalignment d2;
    d2.dy_um = 2;
    const double expected = -20 * std::log10(36.8 / 37.16) + 10 * std::log10(std::exp(1.0)) * 8 / 37.16;
    CHECK(coupling_loss_db(modes(9.2, 8), d2) == Approx(expected).epsilon(1e-12));
    // The inverse: the offset whose loss is the budget.
    CHECK(lateral_offset_for_loss_um(modes(9.2, 8), expected) == Approx(2).epsilon(1e-12));
    CHECK(lateral_offset_for_loss_um(modes(10, 5), 1.0) == 0);  // the mismatch alone is over budget
}

TEST_CASE("tilt and gap: exp(-(pi n w t / lambda)^2) and 1 / (1 + (z / 2 zR)^2) for equal modes", "[assembly][coupling]") {
    Misalignment t;
    t.tilt_x_rad = pi / 180;  // 1 degree, w 4.6 um, 1.31 um: 0.16099 dB
    CHECK(coupling_loss_db(modes(9.2, 9.2), t) == Approx(0.16099480556770984).epsilon(1e-10));
    Misalignment z;
    z.gap_um = 20;  // zR = pi 4.6^2 / 1.31 = 50.745 um: 0.16546 dB
    CHECK(coupling_loss_db(modes(9.2, 9.2), z) == Approx(0.16546132520761594).epsilon(1e-10));
    // An index-matched gap (n = 1.45) lengthens zR by n: the same gap costs less.
    CHECK(coupling_loss_db(modes(9.2, 9.2, 1310, 1.45), z) < coupling_loss_db(modes(9.2, 9.2), z));
}

TEST_CASE("closed-form coupling equals a numerical 2D overlap integral with every misalignment", "[assembly][coupling]") {
    struct Case {
        GaussianModes g;
        Misalignment m;
    };
    const Case cases[] = {
        {modes(9.2, 8), {1.0, -0.7, 15, 0.5 * pi / 180, -0.3 * pi / 180}},
        {modes(10.4, 3.5, 1550, 1.45), {0.4, 0.3, 8, -1.0 * pi / 180, 0.2 * pi / 180}},
        {modes(9.2, 9.2), {2.5, 0, 40, 0, 1.5 * pi / 180}},
        {modes(6, 9), {0, 1.2, 0, 0.8 * pi / 180, 0}},
    };
    for (const auto& c : cases) {
        const double closed = coupling_efficiency(c.g, c.m);
        const double numeric = numerical_overlap(c.g, c.m);
        INFO("closed " << closed << " numeric " << numeric);
        CHECK(closed == Approx(numeric).epsilon(1e-6));
        CHECK(coupling_loss_db(c.g, c.m) == Approx(db(numeric)).margin(1e-5));
    }
}
