// Monte-Carlo symbol errors per FEC codeword, drawn per codeword rather than per bit, so it
// costs ~10 ns per codeword at any BER. The distribution of the number of symbol errors in
// one codeword is computed once (exactly, under the error model) and sampled by inverse CDF.
//
// Error models (both keep the mean bit error ratio equal to `ber`):
//  - independent bit errors (mean_burst_bits = 1): symbol errors ~ Binomial(n, p_s),
//    p_s = 1 - (1 - ber)^m.
//  - bursts (mean_burst_bits = L > 1), e.g. DFE error propagation: bursts start at a bit with
//    probability ber / L, so bursts per codeword ~ Binomial(codeword_bits, ber / L); a burst
//    is b bits long, b geometric with mean L, and starts at a uniform bit offset within a
//    symbol, so it spans floor((offset + b - 1) / m) + 1 symbols. Bursts are assumed not to
//    overlap (assumed; at realistic BERs two bursts in one codeword are rare).
#pragma once

#include <cstdint>
#include <vector>

#include "fec.h"
#include "random.h"

namespace cposim {

class CodewordSampler {
public:
    CodewordSampler(const Fec& fec, double ber, double mean_burst_bits = 1.0);

    // Counts of what a receiving FEC decoder reports (IEEE 802.3 clause 91/119 counters).
    struct Tally {
        uint64_t codewords = 0;
        uint64_t corrected_codewords = 0;      ///< 1..t symbol errors, corrected
        uint64_t uncorrectable_codewords = 0;  ///< more than t symbol errors
        uint64_t corrected_symbols = 0;        ///< symbol errors inside corrected codewords
        uint64_t symbol_errors = 0;            ///< all symbol errors, including uncorrectable codewords
        Tally& operator+=(const Tally& o);
    };

    // Symbol errors in one codeword (0..n).
    uint32_t sample_symbol_errors(Random& rng) const;
    bool uncorrectable(uint32_t symbol_errors) const { return static_cast<int>(symbol_errors) > t_; }
    // `codewords` codewords, tallied.
    Tally sample(uint64_t codewords, Random& rng) const;

    // P(more than t symbol errors in a codeword) under this error model: with independent
    // errors exactly Fec::codeword_failure_probability; with bursts from the compound
    // distribution.
    double failure_probability() const { return failure_; }
    // The same without tabulating the distribution, where that is not needed (independent
    // errors: Fec's, remembered across a fabric's PHYs; a tally per PHY took 6% of a 128-GPU
    // pod's run).
    static double failure_probability(const Fec& fec, double ber, double mean_burst_bits = 1.0);
    // Mean symbol errors per codeword.
    double mean_symbol_errors() const { return mean_; }
    // P(exactly s symbol errors), s = 0..n.
    double probability(int s) const;
    // Codewords that pass before the next uncorrectable one (geometric with
    // failure_probability()): lets the packet path skip between rare failures. INT64_MAX when
    // failures cannot happen.
    int64_t codewords_to_next_failure(Random& rng) const;

    double ber() const { return ber_; }
    double mean_burst_bits() const { return burst_; }
    const Fec& fec() const { return fec_; }

private:
    static double independent_failure(const Fec& fec, double ber);  // Fec's, remembered
    Fec fec_;
    double ber_, burst_;
    int t_;
    std::vector<double> pmf_;   // P(S = s), s = 0..n
    std::vector<double> tail_;  // P(S >= s), s = 0..n+1, summed from the top
    double failure_ = 0, mean_ = 0;
};

}  // namespace cposim
