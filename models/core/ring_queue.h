// A first-in first-out queue in one growable ring of slots (a power of two). Once it has
// grown to its working size it allocates nothing: std::deque allocates a 512-byte node and
// frees the last one every 512 bytes pushed, even while it holds one or two entries, and
// the new node is cold memory (a crossbar's per-output queues spent 4% of a voq_islip run
// there; the RTL model's 150-byte scheduled headers needed a block every few headers).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cposim {

template <class T>
class RingQueue {
public:
    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    T& front() { return slots_[head_]; }
    T& back() { return slots_[(head_ + size_ - 1) & (slots_.size() - 1)]; }
    void push_back(const T& value) { emplace_back() = value; }
    // A new entry at the back, for the caller to fill in place (its fields hold whatever the
    // slot last held): a large record is written once rather than built and then copied.
    T& emplace_back() {
        if (size_ == slots_.size()) grow();
        return slots_[(head_ + size_++) & (slots_.size() - 1)];
    }
    void pop_front() {
        head_ = (head_ + 1) & (slots_.size() - 1);
        --size_;
    }

private:
    void grow() {  // twice the slots, the entries moved to the front in order
        std::vector<T> bigger(slots_.empty() ? 4 : 2 * slots_.size());
        for (size_t i = 0; i < size_; ++i) bigger[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
        slots_ = std::move(bigger);
        head_ = 0;
    }
    std::vector<T> slots_;
    size_t head_ = 0, size_ = 0;
};

}  // namespace cposim
