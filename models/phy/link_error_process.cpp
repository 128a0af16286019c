#include "link_error_process.h"

#include <cmath>

namespace cposim {

LinkErrorProcess::LinkErrorProcess(double line_rate_gbps, int n_symbols, int codeword_bits,
                                   int64_t degrade_threshold, uint64_t seed, uint64_t stream)
    : codeword_ps_(codeword_bits / line_rate_gbps * 1e3), n_symbols_(n_symbols),
      degrade_threshold_(degrade_threshold), rng_(seed, stream) {}

void LinkErrorProcess::draw_next_failure(int64_t from) {
    if (p_codeword_ <= 0) {
        next_failure_ = INT64_MAX;
        return;
    }
    next_failure_ = from + rng_.geometric_gap(std::min(p_codeword_, 1.0), std::log1p(-std::min(p_codeword_, 1.0 - 1e-16)));
}

void LinkErrorProcess::schedule_error_rates(TimePs t, double p_symbol, double p_codeword) {
    planned_.push_back({t, false, true, p_symbol, p_codeword});
}

void LinkErrorProcess::schedule_up(TimePs t, bool up) { planned_.push_back({t, true, up, 0, 0}); }

void LinkErrorProcess::apply_planned(TimePs t) {
    while (!planned_.empty() && planned_.front().t <= t) {
        const Change c = planned_.front();
        planned_.pop_front();
        if (c.is_up_change)
            set_up(c.t, c.up);
        else
            set_error_rates(c.t, c.p_symbol, c.p_codeword);
    }
}

void LinkErrorProcess::set_error_rates(TimePs t, double p_symbol, double p_codeword) {
    count_to(t);
    p_symbol_ = p_symbol;
    p_codeword_ = p_codeword;
    draw_next_failure(codeword_at(t));  // memoryless: redraw from here
}

void LinkErrorProcess::set_up(TimePs t, bool up) {
    count_to(t);
    up_ = up;
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

// Counts whole 8192-codeword blocks before `upto`: corrected symbols and the alarm.
void LinkErrorProcess::close_blocks(int64_t upto) {
    while (block_start_ + degrade_block_codewords <= upto) {
        const double symbol_errors_mean = static_cast<double>(degrade_block_codewords) * n_symbols_ * p_symbol_;
        const int64_t symbol_errors = up_ ? poisson(symbol_errors_mean) : 0;
        // Symbols of uncorrectable codewords are not "corrected"; the rest are.
        counters_.corrected_symbols += std::max<int64_t>(0, symbol_errors - block_failures_ * n_symbols_ / 2);
        if (symbol_errors > degrade_threshold_) ++counters_.degraded_blocks;
        block_start_ += degrade_block_codewords;
        block_failures_ = 0;
    }
}

void LinkErrorProcess::advance_to(TimePs t) {
    apply_planned(t);
    count_to(t);
}

void LinkErrorProcess::count_to(TimePs t) {
    const int64_t upto = codeword_at(t);
    if (upto <= counted_to_) return;
    if (up_) {
        while (next_failure_ < upto) {
            ++counters_.uncorrectable;
            close_blocks(next_failure_);
            ++block_failures_;
            draw_next_failure(next_failure_ + 1);
        }
        counters_.codewords += upto - counted_to_;
    } else if (next_failure_ < upto) {
        draw_next_failure(upto);  // nothing is decoded while the link is down
    }
    close_blocks(upto);
    counted_to_ = upto;
}

bool LinkErrorProcess::corrupts(TimePs t0, TimePs t1) {
    advance_to(t0);
    const int64_t last = codeword_at(t1 - 1);
    const bool hit = next_failure_ <= last;
    advance_to(t1);
    if (hit) ++counters_.corrupted_frames;
    return hit;
}

}  // namespace cposim
