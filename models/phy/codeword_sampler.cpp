#include "codeword_sampler.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace cposim {

namespace {

// Binomial(n, p) probabilities for j = 0..jmax, in log space (no underflow for large n).
std::vector<double> binomial_pmf(int64_t n, double p, int64_t jmax) {
    std::vector<double> out(static_cast<size_t>(jmax + 1), 0.0);
    if (p <= 0) {
        out[0] = 1;
        return out;
    }
    const double lp = std::log(p), lq = std::log1p(-p), lnf = std::lgamma(n + 1.0);
    for (int64_t j = 0; j <= jmax && j <= n; ++j)
        out[static_cast<size_t>(j)] =
            std::exp(lnf - std::lgamma(j + 1.0) - std::lgamma(static_cast<double>(n - j) + 1.0) + j * lp +
                     static_cast<double>(n - j) * lq);
    return out;
}

}  // namespace

CodewordSampler::Tally& CodewordSampler::Tally::operator+=(const Tally& o) {
    codewords += o.codewords;
    corrected_codewords += o.corrected_codewords;
    uncorrectable_codewords += o.uncorrectable_codewords;
    corrected_symbols += o.corrected_symbols;
    symbol_errors += o.symbol_errors;
    return *this;
}

CodewordSampler::CodewordSampler(const Fec& fec, double ber, double mean_burst_bits)
    : fec_(fec), ber_(ber), burst_(mean_burst_bits), t_(fec.t()) {
    if (!(ber >= 0 && ber <= 0.5)) throw std::invalid_argument("CodewordSampler: ber must be in [0, 0.5]");
    if (!(mean_burst_bits >= 1)) throw std::invalid_argument("CodewordSampler: mean burst length must be >= 1 bit");
    const int n = fec.n(), m = fec.symbol_bits();
    if (burst_ == 1.0) {
        pmf_ = binomial_pmf(n, fec.symbol_error_probability(ber), n);
    } else {
        // Symbols spanned by one burst: P(S = s) = (1/m) sum_offset P(b in [lo, hi]),
        // lo = (s-1)m - o + 1 (at least 1), hi = s m - o, with P(b >= a) = (1 - 1/L)^(a-1).
        const double r = 1.0 / burst_;
        auto at_least = [&](double a) { return a <= 1 ? 1.0 : std::pow(1 - r, a - 1); };
        std::vector<double> span(static_cast<size_t>(n + 2), 0.0);  // index n+1: beyond n
        double covered = 0;
        for (int s = 1; s <= n; ++s) {
            double p = 0;
            for (int o = 0; o < m; ++o) {
                const double lo = std::max(1.0, static_cast<double>((s - 1) * m - o + 1));
                const double hi = static_cast<double>(s * m - o);
                if (hi >= lo) p += at_least(lo) - at_least(hi + 1);
            }
            span[static_cast<size_t>(s)] = p / m;
            covered += p / m;
        }
        span[static_cast<size_t>(n + 1)] = std::max(0.0, 1 - covered);
        // Bursts per codeword ~ Binomial(bits, ber/L); stop when the remaining mass is negligible.
        const int64_t bits = fec.codeword_bits();
        const double q = ber / burst_;
        const auto bursts = binomial_pmf(bits, q, n + 1);
        std::vector<double> total(static_cast<size_t>(n + 2), 0.0), conv(static_cast<size_t>(n + 2), 0.0);
        conv[0] = 1;  // distribution of the sum of B bursts' spans, capped at n+1
        size_t b = 0;
        for (; b < bursts.size(); ++b) {
            for (size_t s = 0; s < conv.size(); ++s) total[s] += bursts[b] * conv[s];
            // Past the mean, stop once further burst counts are below 1e-40 per codeword.
            if (static_cast<double>(b) > q * static_cast<double>(bits) && bursts[b] < 1e-40) break;
            std::vector<double> next(conv.size(), 0.0);
            for (size_t a = 0; a < conv.size(); ++a) {
                if (conv[a] == 0) continue;
                for (size_t s = 1; s < span.size(); ++s)
                    next[std::min(a + s, conv.size() - 1)] += conv[a] * span[s];
            }
            conv.swap(next);
        }
        // More bursts than tabulated always exceed n symbols: lump into "n" (uncorrectable).
        double more = 0;
        for (size_t j = b + 1; j < bursts.size(); ++j) more += bursts[j];
        total[static_cast<size_t>(n)] += total[static_cast<size_t>(n + 1)] + more;
        total.pop_back();
        pmf_ = total;
    }
    tail_.assign(static_cast<size_t>(n + 2), 0.0);
    for (int s = n; s >= 0; --s) tail_[static_cast<size_t>(s)] = tail_[static_cast<size_t>(s + 1)] + pmf_[static_cast<size_t>(s)];
    for (int s = 0; s <= n; ++s) mean_ += s * pmf_[static_cast<size_t>(s)];
    failure_ = burst_ == 1.0 ? independent_failure(fec, ber) : (t_ + 1 <= n ? tail_[static_cast<size_t>(t_ + 1)] : 0.0);
}

double CodewordSampler::independent_failure(const Fec& fec, double ber) {
    return fec.codeword_failure_probability(fec.symbol_error_probability(ber));
}

double CodewordSampler::failure_probability(const Fec& fec, double ber, double mean_burst_bits) {
    if (mean_burst_bits == 1.0 && ber >= 0 && ber <= 0.5) return independent_failure(fec, ber);
    return CodewordSampler(fec, ber, mean_burst_bits).failure_probability();
}

double CodewordSampler::probability(int s) const {
    if (s < 0 || s >= static_cast<int>(pmf_.size())) return 0;
    return pmf_[static_cast<size_t>(s)];
}

uint32_t CodewordSampler::sample_symbol_errors(Random& rng) const {
    // Inverse CDF on the tail: the s with P(S >= s+1) < u <= P(S >= s). Most draws stop at 0.
    const double u = rng.uniform_open0();
    size_t s = 0;
    const size_t last = pmf_.size() - 1;
    while (s < last && tail_[s + 1] >= u) ++s;
    return static_cast<uint32_t>(s);
}

CodewordSampler::Tally CodewordSampler::sample(uint64_t codewords, Random& rng) const {
    Tally t;
    t.codewords = codewords;
    for (uint64_t i = 0; i < codewords; ++i) {
        const uint32_t e = sample_symbol_errors(rng);
        if (e == 0) continue;
        t.symbol_errors += e;
        if (uncorrectable(e)) {
            ++t.uncorrectable_codewords;
        } else {
            ++t.corrected_codewords;
            t.corrected_symbols += e;
        }
    }
    return t;
}

int64_t CodewordSampler::codewords_to_next_failure(Random& rng) const {
    constexpr int64_t never = std::numeric_limits<int64_t>::max();
    if (failure_ <= 0) return never;
    if (failure_ >= 1) return 0;
    const double g = std::floor(std::log(rng.uniform_open0()) / std::log1p(-failure_));
    return g >= 9.0e18 ? never : static_cast<int64_t>(g);
}

}  // namespace cposim
