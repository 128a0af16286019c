// Crossbar schedulers for input-queued switches, one matching per call.
//   IslipScheduler: iSLIP over virtual output queues (McKeown, "The iSLIP Scheduling
//     Algorithm for Input-Queued Switches", IEEE/ACM ToN 7(2), 1999): request, grant by
//     round-robin from each output's pointer, accept by round-robin from each input's
//     pointer; pointers move one past the match only for matches of the first iteration.
//   FifoArbiter: one FIFO per input; each output takes one of the inputs whose head-of-line
//     frame wants it, uniformly at random (Karol, Hluchyj and Morgan 1987).
#pragma once

#include <cstdint>
#include <vector>

#include "random.h"

namespace cposim {

// A set of port indices as a bitmap, with a circular "first at or after" search.
class PortSet {
public:
    explicit PortSet(int n = 0) : n_(n), words_(static_cast<size_t>((n + 63) / 64), 0) {}
    void set(int i) { words_[static_cast<size_t>(i >> 6)] |= uint64_t{1} << (i & 63); }
    void clear(int i) { words_[static_cast<size_t>(i >> 6)] &= ~(uint64_t{1} << (i & 63)); }
    bool test(int i) const { return (words_[static_cast<size_t>(i >> 6)] >> (i & 63)) & 1; }
    void fill() {
        for (auto& w : words_) w = ~uint64_t{0};
        if (n_ & 63) words_.back() = (uint64_t{1} << (n_ & 63)) - 1;
    }
    void reset() {
        for (auto& w : words_) w = 0;
    }
    // First member of (this AND mask) at or after `from`, wrapping; -1 if none.
    int first_from(int from, const PortSet& mask) const;
    bool any_with(const PortSet& mask) const {
        for (size_t w = 0; w < words_.size(); ++w)
            if (words_[w] & mask.words_[w]) return true;
        return false;
    }

private:
    int n_;
    std::vector<uint64_t> words_;
};

class IslipScheduler {
public:
    IslipScheduler(int ports, int iterations);
    void set_request(int in, int out, bool requesting);
    // match_of_input[i] = the output input i sends to this slot, or -1.
    void match(std::vector<int>& match_of_input);

private:
    int n_, iterations_;
    std::vector<PortSet> by_output_;  // by_output_[j]: inputs with a frame for j
    std::vector<PortSet> grants_;     // grants_[i]: outputs granting input i (per iteration)
    std::vector<int> grant_ptr_, accept_ptr_;
    PortSet free_in_, free_out_, granted_inputs_;
};

class FifoArbiter {
public:
    FifoArbiter(int ports, uint64_t seed);
    // head_output[i]: output wanted by input i's head-of-line frame, or -1.
    void match(const std::vector<int>& head_output, std::vector<int>& match_of_input);

private:
    int n_;
    Random rng_;
    std::vector<int> winner_, contenders_;
};

}  // namespace cposim
