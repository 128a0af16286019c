#include "fec.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace cposim {

const char* fec_name(FecKind k) {
    switch (k) {
        case FecKind::none: return "none";
        case FecKind::rs528: return "rs528";
        case FecKind::rs544: return "rs544";
    }
    return "?";
}

FecKind parse_fec(const std::string& name) {
    if (name == "none") return FecKind::none;
    if (name == "rs528") return FecKind::rs528;
    if (name == "rs544") return FecKind::rs544;
    throw std::invalid_argument("unknown FEC '" + name + "' (none, rs528, rs544)");
}

Ratio Ratio::operator*(Ratio o) const {
    Ratio r{num * o.num, den * o.den};
    const int64_t g = std::gcd(r.num, r.den);
    r.num /= g;
    r.den /= g;
    return r;
}

Fec::Fec(FecKind kind) : kind_(kind) {
    switch (kind) {
        case FecKind::rs544: n_ = 544; k_ = 514; t_ = 15; m_ = 10; break;
        case FecKind::rs528: n_ = 528; k_ = 514; t_ = 7; m_ = 10; break;
        case FecKind::none: n_ = 544; k_ = 544; t_ = 0; m_ = 10; break;
    }
}

Fec::Fec(int n, int k, int symbol_bits) : kind_(FecKind::rs544), n_(n), k_(k), t_((n - k) / 2), m_(symbol_bits) {
    if (n <= 0 || k <= 0 || k > n || symbol_bits <= 0)
        throw std::invalid_argument("Fec: need 0 < k <= n and symbol_bits > 0");
}

Ratio Fec::line_expansion() const {
    const Ratio b66{66, 64};
    if (kind_ == FecKind::none) return b66 * Ratio{1, 1};
    return b66 * Ratio{257, 264} * Ratio{n_, k_};
}

double Fec::symbol_error_probability(double ber, int symbol_bits) {
    if (ber <= 0) return 0;
    if (ber >= 1) return 1;
    return -std::expm1(symbol_bits * std::log1p(-ber));
}

double Fec::log_codeword_failure_probability(double p) const {
    const double neg_inf = -std::numeric_limits<double>::infinity();
    if (p <= 0) return neg_inf;
    if (t_ >= n_) return neg_inf;
    if (p >= 1) return 0;
    // The sum takes ~500 lgamma calls, and every PHY of a fabric's hundreds of switches asks
    // for the same few values: remember them (per thread: the yield Monte Carlo runs several).
    struct Key {
        int n, t;
        double p;
        bool operator==(const Key& o) const { return n == o.n && t == o.t && p == o.p; }
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            return std::hash<double>()(k.p) ^ (static_cast<size_t>(k.n) << 20) ^ static_cast<size_t>(k.t);
        }
    };
    thread_local std::unordered_map<Key, double, KeyHash> known;
    const Key key{n_, t_, p};
    if (const auto it = known.find(key); it != known.end()) return it->second;
    if (known.size() > 4096) known.clear();  // bounded: sweeps of many BERs
    return known[key] = sum_codeword_failures(p);
}

double Fec::sum_codeword_failures(double p) const {
    const double neg_inf = -std::numeric_limits<double>::infinity();
    const double lp = std::log(p), lq = std::log1p(-p);
    const double lnf = std::lgamma(n_ + 1.0);
    std::vector<double> terms;
    terms.reserve(static_cast<size_t>(n_ - t_));
    double top = neg_inf;
    for (int j = t_ + 1; j <= n_; ++j) {
        const double l = lnf - std::lgamma(j + 1.0) - std::lgamma(n_ - j + 1.0) + j * lp + (n_ - j) * lq;
        terms.push_back(l);
        top = std::max(top, l);
    }
    double sum = 0;
    for (double l : terms) sum += std::exp(l - top);
    return std::min(0.0, top + std::log(sum));
}

double Fec::codeword_failure_probability(double p) const {
    return std::exp(log_codeword_failure_probability(p));
}

double Fec::estimate_ber(uint64_t corrected_symbols, uint64_t codewords) const {
    if (codewords == 0) return 0;
    const double ser = static_cast<double>(corrected_symbols) / (static_cast<double>(codewords) * n_);
    if (ser >= 1) return 1;
    return -std::expm1(std::log1p(-ser) / m_);
}

}  // namespace cposim
