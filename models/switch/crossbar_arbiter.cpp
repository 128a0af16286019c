#include "crossbar_arbiter.h"

#include <algorithm>

namespace cposim {

IslipArbiter::IslipArbiter(int ports, int iterations)
    : n_(ports), iterations_(iterations), by_output_(static_cast<size_t>(ports), PortSet(ports)),
      grants_(static_cast<size_t>(ports), PortSet(ports)), grant_ptr_(static_cast<size_t>(ports), 0),
      accept_ptr_(static_cast<size_t>(ports), 0), requested_outputs_(ports), free_in_(ports), free_out_(ports),
      granted_inputs_(ports), all_(ports) {
    all_.fill();
}

void IslipArbiter::set_request(int in, int out, bool requesting) {
    PortSet& inputs = by_output_[static_cast<size_t>(out)];
    if (requesting) {
        inputs.set(in);
        requested_outputs_.set(out);
    } else {
        inputs.clear(in);
        if (inputs.empty()) requested_outputs_.clear(out);
    }
}

void IslipArbiter::match(std::vector<int>& match_of_input) {
    match_of_input.assign(static_cast<size_t>(n_), -1);
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
      winner_(static_cast<size_t>(ports)), contenders_(static_cast<size_t>(ports)) {}

void RandomFifoArbiter::set_request(int in, int out, bool requesting) {
    int& head = head_output_[static_cast<size_t>(in)];
    if (requesting)
        head = out;
    else if (head == out)
        head = -1;
}

void RandomFifoArbiter::match(std::vector<int>& match_of_input) {
    match_of_input.resize(static_cast<size_t>(n_));  // every entry written below
    std::fill(contenders_.begin(), contenders_.end(), 0);
    // Reservoir sampling: each contender for output j wins with probability 1/(contenders).
    for (int i = 0; i < n_; ++i) {
        const int j = head_output_[static_cast<size_t>(i)];
        if (j < 0) continue;
        const int c = ++contenders_[static_cast<size_t>(j)];
        if (c == 1 || rng_.below(static_cast<uint32_t>(c)) == 0) winner_[static_cast<size_t>(j)] = i;
    }
    // Each output's winner, without a branch on which outputs were wanted: an output nobody
    // wanted writes to a slot past the inputs' (winner_ and contenders_ are random data).
    scratch_.resize(static_cast<size_t>(n_) + 1);
    std::fill(scratch_.begin(), scratch_.end(), -1);
    for (int j = 0; j < n_; ++j) {
        const bool wanted = contenders_[static_cast<size_t>(j)] > 0;
        scratch_[static_cast<size_t>(wanted ? winner_[static_cast<size_t>(j)] : n_)] = j;
    }
    std::copy(scratch_.begin(), scratch_.end() - 1, match_of_input.begin());
}

}  // namespace cposim
