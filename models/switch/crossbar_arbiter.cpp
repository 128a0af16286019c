#include "crossbar_arbiter.h"

#include <algorithm>

namespace cposim {

IslipArbiter::IslipArbiter(int ports, int iterations)
    : n_(ports), iterations_(iterations), by_output_(static_cast<size_t>(ports), PortSet(ports)),
      grants_(static_cast<size_t>(ports), PortSet(ports)), grant_ptr_(static_cast<size_t>(ports), 0),
      accept_ptr_(static_cast<size_t>(ports), 0), requested_outputs_(ports), free_in_(ports), free_out_(ports),
      granted_inputs_(ports), all_(ports), grant_words_(65, 0) {
    all_.fill();
}

namespace {
// The first set bit of `bits` at or after `from`, wrapping round the word; bits != 0.
int first_at_or_after(uint64_t bits, int from) {
    const uint64_t later = bits & (~uint64_t{0} << from);
    return __builtin_ctzll(later ? later : bits);
}
}  // namespace

// The same matching for up to 64 ports, its sets in registers: one word each.
void IslipArbiter::match_one_word(std::vector<int>& match_of_input) {
    uint64_t free_in = all_.word(0), free_out = all_.word(0);
    for (int iter = 0; iter < iterations_; ++iter) {
        uint64_t granted = 0;
        for (uint64_t outs = requested_outputs_.word(0) & free_out; outs; outs &= outs - 1) {
            const int j = __builtin_ctzll(outs);
            // Whether j has a free requester, and which, is random: no branch on either (an
            // output with none grants the spare word 64, and no input).
            const uint64_t requests = by_output_[static_cast<size_t>(j)].word(0) & free_in;
            const int i = requests ? first_at_or_after(requests, grant_ptr_[static_cast<size_t>(j)]) : 64;
            const uint64_t bit = (uint64_t{1} << (i & 63)) & -static_cast<uint64_t>(requests != 0);
            uint64_t& grants = grant_words_[static_cast<size_t>(i)];
            const uint64_t earlier = -((granted >> (i & 63)) & 1);  // the iteration's first grant resets
            grants = (grants & earlier) | (uint64_t{1} << j);
            granted |= bit;
        }
        if (!granted) break;
        for (uint64_t ins = granted; ins; ins &= ins - 1) {
            const int i = __builtin_ctzll(ins);
            const int j = first_at_or_after(grant_words_[static_cast<size_t>(i)], accept_ptr_[static_cast<size_t>(i)]);
            match_of_input[static_cast<size_t>(i)] = j;
            free_in &= ~(uint64_t{1} << i);
            free_out &= ~(uint64_t{1} << j);
            if (iter == 0) {
                grant_ptr_[static_cast<size_t>(j)] = i + 1 == n_ ? 0 : i + 1;
                accept_ptr_[static_cast<size_t>(i)] = j + 1 == n_ ? 0 : j + 1;
            }
        }
    }
}

void IslipArbiter::match(std::vector<int>& match_of_input) {
    match_of_input.assign(static_cast<size_t>(n_), -1);
    if (n_ <= 64) {
        match_one_word(match_of_input);
        return;
    }
    free_in_.fill();
    free_out_.fill();
    for (int iter = 0; iter < iterations_; ++iter) {
        // Grant: each free output that has requests picks the next requesting free input
        // after its pointer (the outputs walked by their set bits: an iteration after the
        // first finds few free).
        granted_inputs_.reset();
        requested_outputs_.for_each(free_out_, [&](int j) {
            const int i = by_output_[static_cast<size_t>(j)].first_from(grant_ptr_[static_cast<size_t>(j)], free_in_);
            if (i < 0) return;
            if (!granted_inputs_.test(i)) {
                granted_inputs_.set(i);
                grants_[static_cast<size_t>(i)].reset();
            }
            grants_[static_cast<size_t>(i)].set(j);
        });
        // Accept: each granted input picks the next granting output after its pointer.
        bool progress = false;
        granted_inputs_.for_each(all_, [&](int i) {
            const int j = grants_[static_cast<size_t>(i)].first_from(accept_ptr_[static_cast<size_t>(i)], all_);
            match_of_input[static_cast<size_t>(i)] = j;
            free_in_.clear(i);
            free_out_.clear(j);
            progress = true;
            if (iter == 0) {
                grant_ptr_[static_cast<size_t>(j)] = (i + 1) % n_;
                accept_ptr_[static_cast<size_t>(i)] = (j + 1) % n_;
            }
        });
        if (!progress) break;
    }
}

RandomFifoArbiter::RandomFifoArbiter(int ports, uint64_t seed)
    : n_(ports), rng_(seed, 0xC0FFEE), head_output_(static_cast<size_t>(ports), -1),
      winner_(static_cast<size_t>(ports) + 1), contenders_(static_cast<size_t>(ports) + 1) {}

void RandomFifoArbiter::match(std::vector<int>& match_of_input) {
    match_of_input.resize(static_cast<size_t>(n_));  // every entry written below
    std::fill(contenders_.begin(), contenders_.end(), 0);
    // Reservoir sampling: each contender for output j wins with probability 1/(contenders).
    // Which inputs contend, for what, and who wins are random data: the loop has no branch
    // on them (an idle input counts itself at the spare slot n, draws nothing and wins it).
    for (int i = 0; i < n_; ++i) {
        const int head = head_output_[static_cast<size_t>(i)];
        const uint32_t idle = static_cast<uint32_t>(head) >> 31;  // head is -1
        const size_t j = static_cast<size_t>(head + static_cast<int>(idle) * (n_ + 1));  // n when idle
        const int c = ++contenders_[j];
        const uint32_t draw = rng_.below_if(!idle && c > 1, static_cast<uint32_t>(c));  // 0 for the first
        const int wins = -static_cast<int>(draw == 0);
        winner_[j] = (i & wins) | (winner_[j] & ~wins);
    }
    // Each output's winner, without a branch on which outputs were wanted: an output nobody
    // wanted writes to the slot past the inputs'.
    scratch_.resize(static_cast<size_t>(n_) + 1);
    std::fill(scratch_.begin(), scratch_.end(), -1);
    for (int j = 0; j < n_; ++j) {
        const int wanted = -static_cast<int>(contenders_[static_cast<size_t>(j)] > 0);
        scratch_[static_cast<size_t>((winner_[static_cast<size_t>(j)] & wanted) | (n_ & ~wanted))] = j;
    }
    std::copy(scratch_.begin(), scratch_.end() - 1, match_of_input.begin());
}

}  // namespace cposim
