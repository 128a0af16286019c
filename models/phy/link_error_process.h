// What FEC leaves of one direction of one port's link: which codewords the decoder could not
// correct (so which frames arrive corrupted), the decoder's counters, the FEC degrade alarm,
// and whether the link is up.
//
// The port's lanes carry a continuous stream of codewords (idles are coded too) at
// line rate / codeword bits. Uncorrectable codewords are drawn directly as geometric gaps
// with the codeword failure probability, so the cost is per failure, not per codeword. A
// frame whose time on the wire overlaps an uncorrectable codeword is corrupted: the
// receiver's CRC drops it. Corrected symbols are drawn per block of 8192 codewords, the
// block over which IEEE 802.3 evaluates the FEC degrade alarm (symbol errors per 8192
// codewords above a threshold). Queries must come in time order.
#pragma once

#include <cstdint>
#include <deque>

#include "packet.h"
#include "random.h"

namespace cposim {

struct FecCounters {
    int64_t codewords = 0;
    int64_t corrected_symbols = 0;
    int64_t uncorrectable = 0;       ///< codewords the decoder could not correct
    int64_t degraded_blocks = 0;     ///< 8192-codeword blocks over the degrade threshold
    int64_t corrupted_frames = 0;
};

class alignas(64) LinkErrorProcess {
public:
    static constexpr int64_t degrade_block_codewords = 8192;

    /// line_rate_gbps: all lanes together; n_symbols, t, codeword_bits: the code;
    /// degrade_threshold: symbol errors per 8192 codewords that raise the alarm.
    LinkErrorProcess(double line_rate_gbps, int n_symbols, int codeword_bits, int t_correctable,
                     int64_t degrade_threshold, uint64_t seed, uint64_t stream);

    // From time t on, symbols fail with p_symbol and codewords with p_codeword.
    void set_error_rates(TimePs t, double p_symbol, double p_codeword);
    // From time t on, the link is up (or down: every frame is lost).
    void set_up(TimePs t, bool up);
    // The same, planned ahead: applied when the process reaches time t. Changes must be
    // scheduled in time order (faults and temperature are known before the run starts).
    void schedule_error_rates(TimePs t, double p_symbol, double p_codeword);
    void schedule_up(TimePs t, bool up);
    // Is the link up at time t (applying the changes planned up to t)?
    bool up_at(TimePs t) {
        if (t >= quiet_until_ps_) apply_planned(t);  // a planned change is due
        return up_;
    }

    bool up() const { return up_; }
    // The frame on the wire in [t0, t1): does it overlap an uncorrectable codeword?
    // Inline fast path: nearly every frame ends before the next failure, the end of the
    // open degrade block and the next planned change, so nothing needs counting yet (the
    // codeword count catches up on the next call that does work).
    bool corrupts(TimePs t0, TimePs t1) {
        if (t1 < quiet_until_ps_ && codeword_at(t1) < quiet_until_codeword_) return false;
        return corrupts_counting(t0, t1);
    }
    // Is every frame ending at or before t1 (and starting at or after any earlier query)
    // certain to pass: the link up, no planned change and no uncorrectable codeword before
    // t1? Then checking each with up_at() and corrupts() would change nothing.
    bool quiet_through(TimePs t1) const {
        return up_ && t1 < quiet_until_ps_ && codeword_at(t1) < quiet_until_codeword_;
    }
    // Counts everything up to time t (call at the end of the run).
    void advance_to(TimePs t);

    const FecCounters& counters() const { return counters_; }
    double p_symbol() const { return p_symbol_; }
    double codeword_ps() const { return codeword_ps_; }

private:
    struct Change {
        TimePs t;
        bool is_up_change;
        bool up;
        double p_symbol, p_codeword;
    };
    bool corrupts_counting(TimePs t0, TimePs t1);
    void apply_planned(TimePs t);
    void update_quiet();  // after any change of state: where the fast path of corrupts() ends
    void count_to(TimePs t);
    int64_t codeword_at(TimePs t) const { return static_cast<int64_t>(static_cast<double>(t) * per_codeword_ps_); }
    void draw_next_failure(int64_t from_codeword);
    void count_symbols(int64_t upto_codeword, bool partial);
    int64_t poisson(double mean);

    // Read for every frame, so first: they share a cache line.
    int64_t quiet_until_codeword_ = 0;  // frames ending before this codeword ...
    TimePs quiet_until_ps_ = 0;         // ... and before this time (the next planned change) need no work
    double codeword_ps_, per_codeword_ps_;  // and its inverse
    bool up_ = true;

    int n_symbols_, t_;
    int64_t degrade_threshold_;
    double failed_codeword_symbols_ = 0;  // E[symbol errors | codeword uncorrectable]
    Random rng_;
    double p_symbol_ = 0, p_codeword_ = 0;
    int64_t next_failure_ = INT64_MAX;  // codeword index of the next uncorrectable codeword
    int64_t counted_to_ = 0;            // codewords before this index are counted
    int64_t symbols_to_ = 0;            // symbol errors are drawn for codewords before this
    int64_t block_start_ = 0;           // first codeword of the open 8192-codeword block
    int64_t block_symbol_errors_ = 0;   // symbol errors in the open block so far
    FecCounters counters_;
    std::deque<Change> planned_;
};

}  // namespace cposim
