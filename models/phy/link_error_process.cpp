#include "link_error_process.h"

#include <algorithm>
#include <cmath>

namespace cposim {

LinkErrorProcess::LinkErrorProcess(double line_rate_gbps, int n_symbols, int codeword_bits, int t_correctable,
                                   int64_t degrade_threshold, uint64_t seed, uint64_t stream)
    : codeword_ps_(codeword_bits / line_rate_gbps * 1e3), per_codeword_ps_(1.0 / codeword_ps_), n_symbols_(n_symbols), t_(t_correctable),
      degrade_threshold_(degrade_threshold), rng_(seed, stream) {}

void LinkErrorProcess::draw_next_failure(int64_t from) {
    if (p_codeword_ <= 0) {
        next_failure_ = INT64_MAX;
        return;
    }
    const int64_t gap = rng_.geometric_gap(std::min(p_codeword_, 1.0), std::log1p(-std::min(p_codeword_, 1.0 - 1e-16)));
    next_failure_ = gap >= (int64_t{1} << 62) ? INT64_MAX : from + gap;
}

void LinkErrorProcess::schedule_error_rates(TimePs t, double p_symbol, double p_codeword) {
    planned_.push_back({t, false, true, p_symbol, p_codeword});
    update_quiet();
}

void LinkErrorProcess::schedule_up(TimePs t, bool up) {
    planned_.push_back({t, true, up, 0, 0});
    update_quiet();
}

void LinkErrorProcess::update_quiet() {
    quiet_until_codeword_ = up_ ? std::min(next_failure_, block_start_ + degrade_block_codewords) : 0;
    quiet_until_ps_ = planned_.empty() ? INT64_MAX : planned_.front().t;
}

void LinkErrorProcess::apply_planned(TimePs t) {
    while (!planned_.empty() && planned_.front().t <= t) {
        const Change c = planned_.front();
        planned_.pop_front();
        if (c.is_up_change)
            set_up(c.t, c.up);
        else
            set_error_rates(c.t, c.p_symbol, c.p_codeword);
    }
    update_quiet();
}

void LinkErrorProcess::set_error_rates(TimePs t, double p_symbol, double p_codeword) {
    count_to(t);
    count_symbols(counted_to_, true);  // codewords so far at the old rate
    p_symbol_ = p_symbol;
    p_codeword_ = p_codeword;
    // E[X | X > t] for X ~ Binomial(n, p): (n p - sum_{j<=t} j P(j)) / P(X > t).
    double below = 0, mass = 0;
    for (int j = 0; j <= t_ && p_symbol > 0 && p_symbol < 1; ++j) {
        const double log_pmf = std::lgamma(n_symbols_ + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n_symbols_ - j + 1.0) +
                               j * std::log(p_symbol) + (n_symbols_ - j) * std::log1p(-p_symbol);
        below += j * std::exp(log_pmf);
        mass += std::exp(log_pmf);
    }
    failed_codeword_symbols_ = mass < 1 ? std::max<double>(t_ + 1, (n_symbols_ * p_symbol - below) / (1 - mass)) : t_ + 1;
    draw_next_failure(codeword_at(t));  // memoryless: redraw from here
    update_quiet();
}

void LinkErrorProcess::set_up(TimePs t, bool up) {
    count_to(t);
    count_symbols(counted_to_, true);
    up_ = up;
    update_quiet();
}

int64_t LinkErrorProcess::poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 64) {  // normal approximation, exact enough for counters of this size
        const double u1 = rng_.uniform_open0(), u2 = rng_.uniform_open0();
        const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
        return std::max<int64_t>(0, static_cast<int64_t>(std::llround(mean + z * std::sqrt(mean))));
    }
    const double limit = std::exp(-mean);  // Knuth's product of uniforms
    double product = rng_.uniform_open0();
    int64_t k = 0;
    while (product > limit) {
        product *= rng_.uniform_open0();
        ++k;
    }
    return k;
}

// Draws the symbol errors of codewords [symbols_to_, upto) block by block: the corrected
// symbols, and the degrade alarm at the end of every 8192-codeword block.
void LinkErrorProcess::count_symbols(int64_t upto, bool partial) {
    // Drawn a whole block at a time on the packet path (one draw per 8192 codewords, not
    // per frame); the last, partial block when the run ends.
    if (!partial && upto < block_start_ + degrade_block_codewords) return;
    while (symbols_to_ < upto) {
        const int64_t block_end = block_start_ + degrade_block_codewords;
        const int64_t to = std::min(upto, block_end);
        const double mean = static_cast<double>(to - symbols_to_) * n_symbols_ * p_symbol_;
        const int64_t errors = up_ ? poisson(mean) : 0;
        block_symbol_errors_ += errors;
        counters_.corrected_symbols += errors;
        symbols_to_ = to;
        if (to == block_end) {
            if (block_symbol_errors_ > degrade_threshold_) ++counters_.degraded_blocks;
            block_start_ = block_end;
            block_symbol_errors_ = 0;
        }
    }
}

void LinkErrorProcess::advance_to(TimePs t) {
    apply_planned(t);
    count_to(t);
    // A frame that straddles t counted its codewords to its end: only those before t count.
    const int64_t upto = codeword_at(t);
    if (counted_to_ > upto) {
        counters_.codewords -= counted_to_ - upto;
        counted_to_ = upto;
    }
    count_symbols(counted_to_, true);
    counters_.corrected_symbols = std::max<int64_t>(0, counters_.corrected_symbols);
    update_quiet();
}

void LinkErrorProcess::count_to(TimePs t) {
    const int64_t upto = codeword_at(t);
    if (upto <= counted_to_) return;
    if (up_ && next_failure_ >= upto && upto < block_start_ + degrade_block_codewords) {  // the common case
        counters_.codewords += upto - counted_to_;
        counted_to_ = upto;
        return;
    }
    if (up_) {
        while (next_failure_ < upto) {
            ++counters_.uncorrectable;
            // Its symbol errors are not corrected: take them back out (on average).
            counters_.corrected_symbols -= static_cast<int64_t>(std::llround(failed_codeword_symbols_));
            draw_next_failure(next_failure_ + 1);
        }
        counters_.codewords += upto - counted_to_;
    } else if (next_failure_ < upto) {
        draw_next_failure(upto);  // nothing is decoded while the link is down
    }
    count_symbols(upto, false);
    counted_to_ = upto;
}

bool LinkErrorProcess::corrupts_counting(TimePs t0, TimePs t1) {
    if (!planned_.empty() && planned_.front().t <= t0) apply_planned(t0);
    count_to(t0);
    const int64_t last = codeword_at(t1 - 1);
    const bool hit = next_failure_ <= last;
    count_to(t1);  // a change planned inside the frame applies from the next frame on
    if (hit) ++counters_.corrupted_frames;
    update_quiet();
    return hit;
}

}  // namespace cposim
