// Reed-Solomon forward error correction of Ethernet lanes (IEEE 802.3 clause 91, 119, 134,
// 172): the code's shape, the exact probability that a codeword cannot be corrected, the
// line-rate expansion of the coding chain, and the pre-FEC BER estimated from corrected symbols.
//
//   RS(544,514) "KP4": 10-bit symbols, 5440-bit codewords, corrects t = 15 symbols
//   RS(528,514) "KR4": 10-bit symbols, 5280-bit codewords, corrects t = 7 symbols
//   (docs/references.md "RS-FEC codes": IEEE 802.3 clause 91 as restated in Intel AN 846)
//   none: no correction. The model still counts in 5440-bit blocks with t = 0, so "one
//   uncorrectable block" means "a bit error the MAC's CRC will catch".
#pragma once

#include <cstdint>
#include <string>

namespace cposim {

enum class FecKind { none, rs528, rs544 };

const char* fec_name(FecKind k);
// "none", "rs528" or "rs544"; throws std::invalid_argument otherwise.
FecKind parse_fec(const std::string& name);

// An exact ratio of integers, reduced (line bits per MAC bit, for example).
struct Ratio {
    int64_t num = 1, den = 1;
    double value() const { return static_cast<double>(num) / static_cast<double>(den); }
    Ratio operator*(Ratio o) const;
    bool operator==(Ratio o) const { return num == o.num && den == o.den; }
};

class Fec {
public:
    explicit Fec(FecKind kind = FecKind::rs544);
    // A generic t-error-correcting code of n symbols of `symbol_bits` bits, k of them data
    // (for tests and what-if studies). t = (n - k) / 2 as for Reed-Solomon.
    Fec(int n, int k, int symbol_bits);

    FecKind kind() const { return kind_; }
    int n() const { return n_; }                    ///< symbols per codeword
    int k() const { return k_; }                    ///< data symbols per codeword
    int t() const { return t_; }                    ///< correctable symbols per codeword
    int symbol_bits() const { return m_; }          ///< bits per symbol
    int codeword_bits() const { return n_ * m_; }   ///< bits per codeword on the line
    int message_bits() const { return k_ * m_; }    ///< data bits per codeword

    // Line bits per MAC bit of the whole chain: 64b/66b (66/64), then for RS FEC the
    // 256b/257b transcoder (257 per 4 x 66 = 264) and the code (n/k). rs544: 17/16 exactly;
    // rs528 and none: 33/32 (the same line rate as plain 64b/66b).
    Ratio line_expansion() const;

    // Probability that a 10-bit (m-bit) symbol is wrong when bits fail independently with
    // probability `ber`: 1 - (1 - ber)^m.
    static double symbol_error_probability(double ber, int symbol_bits);
    double symbol_error_probability(double ber) const { return symbol_error_probability(ber, m_); }

    // P(more than t of n symbols wrong) = sum_{j>t} C(n,j) p^j (1-p)^(n-j), summed in log
    // space so values down to ~1e-300 are exact to double precision. natural log returned by
    // the log_ version (-inf when p = 0).
    double log_codeword_failure_probability(double p_symbol) const;
    double codeword_failure_probability(double p_symbol) const;
    double codeword_failure_probability_from_ber(double ber) const {
        return codeword_failure_probability(symbol_error_probability(ber));
    }

    // Pre-FEC BER estimated from the decoder's corrected-symbol count over `codewords`
    // codewords, inverting 1 - (1 - ber)^m: assumes independent bit errors (a burst counts
    // as one symbol, so bursts make this an underestimate).
    double estimate_ber(uint64_t corrected_symbols, uint64_t codewords) const;

private:
    double sum_codeword_failures(double p_symbol) const;  // log of the binomial tail, summed
    FecKind kind_;
    int n_, k_, t_, m_;
};

}  // namespace cposim
