#include "signal_quality.h"

#include <cmath>
#include <stdexcept>

namespace cposim {

double q_function(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

double q_inverse(double p) {
    if (!(p > 0 && p <= 0.5)) throw std::invalid_argument("q_inverse: p must be in (0, 0.5]");
    double lo = 0, hi = 40;  // Q(0) = 0.5, Q(40) < 1e-300
    const double target = std::log(p);
    for (int i = 0; i < 100 && hi - lo > 1e-13; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (std::log(q_function(mid)) > target) lo = mid; else hi = mid;
    }
    return 0.5 * (lo + hi);
}

double db_to_linear(double db) { return std::pow(10.0, db / 10.0); }
double linear_to_db(double ratio) { return 10.0 * std::log10(ratio); }

namespace {
// BER = a Q(sqrt(b SNR)): a = 2(M-1)/(M log2 M), b = 3/(M^2-1).
void pam_constants(Modulation m, double& a, double& b) {
    const double M = levels(m), bits = bits_per_symbol(m);
    a = 2.0 * (M - 1.0) / (M * bits);
    b = 3.0 / (M * M - 1.0);
}
}  // namespace

double ber_from_snr(Modulation m, double snr) {
    if (snr <= 0) return 0.5;
    double a, b;
    pam_constants(m, a, b);
    return std::min(0.5, a * q_function(std::sqrt(b * snr)));
}

double ber_from_snr_db(Modulation m, double snr_db) { return ber_from_snr(m, db_to_linear(snr_db)); }

double snr_db_for_ber(Modulation m, double ber) {
    double a, b;
    pam_constants(m, a, b);
    if (!(ber > 0 && ber < a * 0.5)) throw std::invalid_argument("snr_db_for_ber: BER out of range");
    const double x = q_inverse(ber / a);
    return linear_to_db(x * x / b);
}

double cascade_snr_db(double a_db, double b_db) {
    return -linear_to_db(1.0 / db_to_linear(a_db) + 1.0 / db_to_linear(b_db));
}

double optical_snr_db(Modulation m, double margin_db, double ber_at_sensitivity) {
    return snr_db_for_ber(m, ber_at_sensitivity) + 2.0 * margin_db;
}

}  // namespace cposim
