// A set of port indices as a bitmap, with a circular "first at or after" search: the
// requests and grants of a crossbar arbiter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cposim {

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
    int first_from(int from, const PortSet& mask) const {
        const size_t start = static_cast<size_t>(from >> 6);
        const int shift = from & 63;
        for (size_t w = start; w < words_.size(); ++w) {  // from `from` to the end
            uint64_t bits = words_[w] & mask.words_[w];
            if (w == start) bits &= ~uint64_t{0} << shift;
            if (bits) return static_cast<int>(w << 6) + __builtin_ctzll(bits);
        }
        for (size_t w = 0; w <= start && w < words_.size(); ++w) {  // then wrap to before `from`
            uint64_t bits = words_[w] & mask.words_[w];
            if (w == start) bits &= shift ? (uint64_t{1} << shift) - 1 : 0;
            if (bits) return static_cast<int>(w << 6) + __builtin_ctzll(bits);
        }
        return -1;
    }

private:
    int n_;
    std::vector<uint64_t> words_;
};

}  // namespace cposim
