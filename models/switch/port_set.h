// A set of port indices as a bitmap, with a circular "first at or after" search and a walk
// over its members: the requests and grants of a crossbar arbiter. The words are held in
// the set (up to 1,024 ports, the largest switch), so a set of 64 ports is one word and
// no pointer to follow.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace cposim {

class PortSet {
public:
    static constexpr int max_ports = 1024;

    explicit PortSet(int n = 0) : n_(n), words_((n + 63) / 64) {
        if (n < 0 || n > max_ports) throw std::logic_error("port set: 0 to 1024 ports");
    }
    void set(int i) { bits_[static_cast<size_t>(i >> 6)] |= uint64_t{1} << (i & 63); }
    void clear(int i) { bits_[static_cast<size_t>(i >> 6)] &= ~(uint64_t{1} << (i & 63)); }
    void assign(int i, bool member) {  // set or clear without a branch on which
        uint64_t& w = bits_[static_cast<size_t>(i >> 6)];
        w = (w & ~(uint64_t{1} << (i & 63))) | (static_cast<uint64_t>(member) << (i & 63));
    }
    bool test(int i) const { return (bits_[static_cast<size_t>(i >> 6)] >> (i & 63)) & 1; }
    uint64_t word(int w) const { return bits_[static_cast<size_t>(w)]; }  // ports 64 w to 64 w + 63
    bool empty() const {
        uint64_t any = 0;
        for (int w = 0; w < words_; ++w) any |= bits_[static_cast<size_t>(w)];
        return any == 0;
    }
    void fill() {
        for (int w = 0; w < words_; ++w) bits_[static_cast<size_t>(w)] = ~uint64_t{0};
        if (n_ & 63) bits_[static_cast<size_t>(words_ - 1)] = (uint64_t{1} << (n_ & 63)) - 1;
    }
    void reset() {
        for (int w = 0; w < words_; ++w) bits_[static_cast<size_t>(w)] = 0;
    }
    // First member of (this AND mask) at or after `from`, wrapping; -1 if none.
    int first_from(int from, const PortSet& mask) const {
        const int start = from >> 6;
        const uint64_t at_or_after = ~uint64_t{0} << (from & 63);
        for (int w = start; w < words_; ++w) {  // from `from` to the end
            uint64_t bits = bits_[static_cast<size_t>(w)] & mask.bits_[static_cast<size_t>(w)];
            if (w == start) bits &= at_or_after;
            if (bits) return (w << 6) + __builtin_ctzll(bits);
        }
        for (int w = 0; w <= start && w < words_; ++w) {  // then wrap to before `from`
            uint64_t bits = bits_[static_cast<size_t>(w)] & mask.bits_[static_cast<size_t>(w)];
            if (w == start) bits &= ~at_or_after;
            if (bits) return (w << 6) + __builtin_ctzll(bits);
        }
        return -1;
    }
    // Calls f(i) for every member of (this AND mask), in ascending order.
    template <class F>
    void for_each(const PortSet& mask, F&& f) const {
        for (int w = 0; w < words_; ++w)
            for (uint64_t bits = bits_[static_cast<size_t>(w)] & mask.bits_[static_cast<size_t>(w)]; bits; bits &= bits - 1)
                f((w << 6) + __builtin_ctzll(bits));
    }

private:
    int n_, words_;
    std::array<uint64_t, max_ports / 64> bits_{};
};

}  // namespace cposim
