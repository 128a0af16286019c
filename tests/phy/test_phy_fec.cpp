// Reed-Solomon FEC: exact failure probabilities, the Monte-Carlo codeword sampler against them,
// bursts, BER estimation and the degrade alarm.
#include <catch2/catch.hpp>

#include <cmath>

#include "codeword_sampler.h"
#include "fec.h"
#include "fec_degrade_monitor.h"

using namespace cposim;

TEST_CASE("the codes of IEEE 802.3 clause 91", "[phy][fec]") {
    const Fec kp4(FecKind::rs544), kr4(FecKind::rs528), none(FecKind::none);
    CHECK(kp4.n() == 544);
    CHECK(kp4.k() == 514);
    CHECK(kp4.t() == 15);
    CHECK(kp4.codeword_bits() == 5440);
    CHECK(kr4.t() == 7);
    CHECK(kr4.codeword_bits() == 5280);
    CHECK(none.t() == 0);
    CHECK(Fec(544, 514, 10).t() == 15);
}

TEST_CASE("symbol error probability: 1 - (1 - BER)^10", "[phy][fec]") {
    CHECK(Fec::symbol_error_probability(1e-3, 10) == Approx(9.955119790251791e-3).epsilon(1e-12));
    CHECK(Fec::symbol_error_probability(1e-5, 10) == Approx(9.99955001199979e-5).epsilon(1e-12));
    CHECK(Fec::symbol_error_probability(0, 10) == 0);
}

TEST_CASE("codeword failure probability against independent values", "[phy][fec]") {
    // Small codes by hand: n = 3, t = 1: P(>= 2 of 3) = 3 p^2 (1-p) + p^3.
    const double p = 0.1;
    CHECK(Fec(3, 1, 1).codeword_failure_probability(p) == Approx(3 * p * p * (1 - p) + p * p * p).epsilon(1e-12));
    // t = 0: any error fails: 1 - (1-p)^n.
    CHECK(Fec(5, 5, 1).codeword_failure_probability(p) == Approx(1 - std::pow(1 - p, 5)).epsilon(1e-12));

    // RS(544,514) and RS(528,514): the binomial tail summed in 60-digit arithmetic (mpmath),
    // from the pre-FEC BER.
    struct Case {
        double ber, rs544, rs528;
    };
    const Case cases[] = {
        {1e-5, 2.13966977430762e-34, 1.35576892826043e-15},
        {1e-4, 1.35981106476443e-18, 8.92691051393577e-8},
        {2.4e-4, 8.15157339933046e-13, 5.15376010203643e-5},
        {1e-3, 1.53025859280605e-4, 0.160472306223279},
        {2e-3, 0.0793908736961283, 0.821511480952093},
        {3e-3, 0.544921250449248, 0.988448427515795},
    };
    for (const auto& c : cases) {
        INFO("BER " << c.ber);
        CHECK(Fec(FecKind::rs544).codeword_failure_probability_from_ber(c.ber) == Approx(c.rs544).epsilon(1e-9));
        CHECK(Fec(FecKind::rs528).codeword_failure_probability_from_ber(c.ber) == Approx(c.rs528).epsilon(1e-9));
    }
    // In log space nothing is lost: at BER 1e-8 the failure probability is 10^-81.6478 (mpmath).
    const double l = Fec(FecKind::rs544).log_codeword_failure_probability(Fec::symbol_error_probability(1e-8, 10));
    CHECK(l / std::log(10.0) == Approx(-81.64778239).margin(1e-6));
    CHECK(Fec(FecKind::rs544).codeword_failure_probability(0) == 0);
}

TEST_CASE("Monte Carlo codeword failures match the binomial formula", "[phy][fec]") {
    // BERs where failures are frequent enough to count; 5-sigma binomial bounds.
    struct Case {
        double ber;
        uint64_t codewords;
    };
    const Case cases[] = {{1e-3, 2000000}, {2e-3, 200000}, {3e-3, 100000}};
    for (const auto& c : cases) {
        INFO("BER " << c.ber);
        const Fec fec(FecKind::rs544);
        const CodewordSampler s(fec, c.ber);
        Random rng(7, 1);
        const auto tally = s.sample(c.codewords, rng);
        const double pf = fec.codeword_failure_probability_from_ber(c.ber);
        const double n = static_cast<double>(c.codewords);
        const double sd = std::sqrt(n * pf * (1 - pf));
        CHECK(std::fabs(static_cast<double>(tally.uncorrectable_codewords) - n * pf) < 5 * sd);
        // Mean symbol errors n x p_s, same bound.
        const double ps = fec.symbol_error_probability(c.ber);
        const double mean = n * 544 * ps, sd_sym = std::sqrt(n * 544 * ps * (1 - ps));
        CHECK(std::fabs(static_cast<double>(tally.symbol_errors) - mean) < 5 * sd_sym);
        CHECK(tally.codewords == c.codewords);
        CHECK(tally.corrected_symbols <= tally.symbol_errors);
        UNSCOPED_INFO("BER " << c.ber << ": " << tally.uncorrectable_codewords << " of " << c.codewords
                             << " uncorrectable, expected " << n * pf);
    }
}

TEST_CASE("the sampler is deterministic per seed and stream", "[phy][fec]") {
    const CodewordSampler s(Fec(FecKind::rs544), 2e-3);
    Random a(3, 9), b(3, 9), c(4, 9);
    const auto ta = s.sample(20000, a), tb = s.sample(20000, b), tc = s.sample(20000, c);
    CHECK(ta.symbol_errors == tb.symbol_errors);
    CHECK(ta.uncorrectable_codewords == tb.uncorrectable_codewords);
    CHECK(ta.symbol_errors != tc.symbol_errors);
}

TEST_CASE("pre-FEC BER estimated from corrected symbols", "[phy][fec]") {
    const Fec fec(FecKind::rs544);
    for (double ber : {1e-5, 1e-4, 5e-4}) {
        INFO("BER " << ber);
        Random rng(11, 2);
        const auto t = CodewordSampler(fec, ber).sample(400000, rng);
        // 400k codewords at 1e-5: ~21.8k symbol errors, 0.7% standard deviation.
        CHECK(fec.estimate_ber(t.corrected_symbols, t.codewords) == Approx(ber).epsilon(0.04));
    }
}

TEST_CASE("skipping to the next uncorrectable codeword: geometric gaps", "[phy][fec]") {
    const CodewordSampler s(Fec(FecKind::rs544), 2e-3);
    const double pf = s.failure_probability();
    Random rng(5, 3);
    double sum = 0;
    const int draws = 100000;
    for (int i = 0; i < draws; ++i) sum += static_cast<double>(s.codewords_to_next_failure(rng));
    // Mean failures-before-success of a geometric: (1 - p) / p = 11.6; sd of the mean ~0.04.
    CHECK(sum / draws == Approx((1 - pf) / pf).epsilon(0.02));
    CHECK(CodewordSampler(Fec(FecKind::rs544), 0).codewords_to_next_failure(rng) == INT64_MAX);
}

TEST_CASE("error bursts: symbols per burst and failure rate", "[phy][fec]") {
    const Fec fec(FecKind::rs544);
    // A burst of mean length L bits at a uniform offset spans on average 1 + (L - 1)/m symbols;
    // bursts start at a bit with probability BER / L.
    for (double L : {4.0, 20.0}) {
        INFO("burst " << L);
        const double ber = 2e-3;
        const CodewordSampler s(fec, ber, L);
        const double expect_mean = 5440 * ber / L * (1 + (L - 1) / 10);
        CHECK(s.mean_symbol_errors() == Approx(expect_mean).epsilon(1e-3));
        double total = 0;
        for (int k = 0; k <= 544; ++k) total += s.probability(k);
        CHECK(total == Approx(1).epsilon(1e-12));
        Random rng(13, 4);
        const uint64_t n = 200000;
        const auto t = s.sample(n, rng);
        const double pf = s.failure_probability();
        CHECK(std::fabs(static_cast<double>(t.uncorrectable_codewords) - n * pf) <
              5 * std::sqrt(n * pf * (1 - pf)) + 1);
        CHECK(static_cast<double>(t.symbol_errors) / n == Approx(expect_mean).epsilon(0.02));
    }
    // Bursts of ~one bit are the independent model, up to counting two errors in one symbol
    // twice (a 0.5% effect at 2e-3).
    const CodewordSampler near1(fec, 2e-3, 1.0001), indep(fec, 2e-3);
    CHECK(near1.mean_symbol_errors() == Approx(indep.mean_symbol_errors()).epsilon(0.01));
    CHECK(near1.failure_probability() == Approx(indep.failure_probability()).epsilon(0.1));
}

TEST_CASE("FEC degrade alarm: symbol errors per 8192 codewords against 6380", "[phy][fec]") {
    FecDegradeMonitor m;  // IEEE 802.3 defaults for RS(544,514)
    for (int i = 0; i < 8192; ++i) m.add_codeword(1);  // 8192 > 6380
    CHECK(m.windows_completed() == 1);
    CHECK(m.degraded());
    m.add(8192, 6380);  // at the threshold: cleared (not above)
    CHECK_FALSE(m.degraded());
    CHECK(m.last_window_symbol_errors() == 6380);
    m.add(4096, 3200);
    CHECK(m.windows_completed() == 2);  // half a window: nothing decided yet
    m.add(4096, 3200);                  // 6400 in the window
    CHECK(m.degraded());
    // A batch across a boundary spreads its errors evenly: 16384 codewords, 2 x 6000.
    m.add(16384, 12000);
    CHECK(m.windows_completed() == 5);
    CHECK(m.last_window_symbol_errors() == 6000);
    CHECK_FALSE(m.degraded());

    // Fed by the sampler: BER 1e-4 gives ~4450 symbol errors per window (no alarm), the FEC
    // threshold BER 2.4e-4 ~10680 (alarm).
    for (double ber : {1e-4, 2.4e-4}) {
        FecDegradeMonitor mon;
        const CodewordSampler s(Fec(FecKind::rs544), ber);
        Random rng(17, 5);
        for (int i = 0; i < 8192 * 4; ++i) mon.add_codeword(s.sample_symbol_errors(rng));
        CHECK(mon.windows_completed() == 4);
        CHECK(mon.degraded() == (ber > 2e-4));
    }
}
