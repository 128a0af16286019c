// Crossbar arbiters for input-queued switches: told which outputs each input has frames
// for, they pick one matching (each input to at most one output and back) per call.
//   IslipArbiter: iSLIP over virtual output queues (McKeown, "The iSLIP Scheduling
//     Algorithm for Input-Queued Switches", IEEE/ACM ToN 7(2), 1999): request, grant by
//     round-robin from each output's pointer, accept by round-robin from each input's
//     pointer; pointers move one past the match only for matches of the first iteration.
//     Up to 64 ports every set is one word, held in a register while it matches.
//   RandomFifoArbiter: one request per input (its FIFO's head-of-line frame); each output
//     takes one of the inputs that want it, uniformly at random (Karol, Hluchyj and Morgan
//     1987).
#pragma once

#include <cstdint>
#include <vector>

#include "port_set.h"
#include "random.h"

namespace cposim {

class CrossbarArbiter {
public:
    virtual ~CrossbarArbiter() = default;
    // Input `in` has (or no longer has) a frame for output `out`.
    virtual void set_request(int in, int out, bool requesting) = 0;
    // match_of_input[i] = the output input i sends to in this matching, or -1.
    virtual void match(std::vector<int>& match_of_input) = 0;
};

class IslipArbiter final : public CrossbarArbiter {
public:
    IslipArbiter(int ports, int iterations);
    // Inline: a crossbar that holds an IslipArbiter (a final class) calls it directly,
    // twice per frame, without the cost of a call.
    void set_request(int in, int out, bool requesting) override {
        PortSet& inputs = by_output_[static_cast<size_t>(out)];
        if (requesting) {
            inputs.set(in);
            requested_outputs_.set(out);
        } else {  // whether others still want the output is random: no branch on it
            inputs.clear(in);
            requested_outputs_.assign(out, !inputs.empty());
        }
    }
    void match(std::vector<int>& match_of_input) override;

private:
    int n_, iterations_;
    std::vector<PortSet> by_output_;  // by_output_[j]: inputs with a frame for j
    std::vector<PortSet> grants_;     // grants_[i]: outputs granting input i (per iteration)
    std::vector<int> grant_ptr_, accept_ptr_;
    PortSet requested_outputs_;       // outputs some input has a frame for
    PortSet free_in_, free_out_, granted_inputs_, all_;
    std::vector<uint64_t> grant_words_;  // up to 64 ports: grants_ as one word per input, and a spare
    void match_one_word(std::vector<int>& match_of_input);
};

class RandomFifoArbiter final : public CrossbarArbiter {
public:
    RandomFifoArbiter(int ports, uint64_t seed);
    // An input has one request at a time: a new one replaces the old.
    void set_request(int in, int out, bool requesting) override {
        int& head = head_output_[static_cast<size_t>(in)];
        if (requesting)
            head = out;
        else if (head == out)
            head = -1;
    }
    void match(std::vector<int>& match_of_input) override;

private:
    int n_;
    Random rng_;
    std::vector<int> head_output_;  // per input: the output its head-of-line frame wants, or -1
    std::vector<int> winner_, contenders_;  // per output, and a spare slot for idle inputs
    std::vector<int> scratch_;  // the matching being built, and a slot for outputs nobody wanted
};

}  // namespace cposim
