// A timing wheel: a priority queue of (time, payload) entries for times that only move
// forward, O(1) per entry. 2.048 ns buckets over a 2.1 us horizon, a heap for entries
// further out (a switch's frequent events lie less than a frame time or an admission delay
// ahead; a longer wheel only spreads a fabric's many switches' wheels over more cache). A bucket is put in order when the wheel reaches it; entries at equal times
// leave in one of three orders:
//   by_payload  by the payload's value (the switch's rarer events: kind, port, argument);
//   pushed      in the order they were pushed;
//   shuffled    by payload, then shuffled by the wheel's own seeded generator: a
//               pseudo-random order that depends on the seed and on which entries share
//               the instant, not on the order they were pushed in (but for an entry
//               pushed into the bucket being read: it lands at a random place among the
//               unread entries of its time).
// The last two put a bucket in order with an insertion sort (by time; shuffled: by time
// and payload), which on the nearly ordered buckets a switch produces costs a comparison
// per entry and no mispredicted branches; comparison-sorting random tie-breaks instead
// cost several mispredictions per packet.
#pragma once

#include <algorithm>
#include <cstdint>
#include <queue>
#include <stdexcept>
#include <utility>
#include <vector>

#include "packet.h"
#include "random.h"

namespace cposim {

enum class TieOrder { by_payload, pushed, shuffled };

class TimingWheel {
public:
    static constexpr int payload_bits = 53;  // a key: offset in its bucket (11 bits) | payload
    // 2 ns: a clocked pipeline admits on clock edges (0.8 ns apart at 1.25 GHz) a few frames
    // at a time; in buckets of 1 ns (one or two edges each) a golden run took 5% longer,
    // paying for each bucket (opening it, peeking, its end) every few frames. The default's
    // slot-aligned arrivals fill a bucket either way: its speed is the same. 4 ns buckets
    // were faster still (golden 2%, a 1024-GPU fat tree 5%) but changed results: a clocked
    // pipeline's admissions, pushed when its window starts and 3.2 ns on at the least, then
    // land in the bucket being read, where each takes a random place among its ties.
    static constexpr int bucket_shift = 11;
    static constexpr int64_t bucket_ps = int64_t{1} << bucket_shift;

    TimingWheel(TieOrder order, uint64_t seed) : order_(order), rng_(seed, 0x7135) {}

    void push(TimePs t, uint64_t payload) {  // inline: twice per frame
        const int64_t b = t >> bucket_shift;
        const Key k = (static_cast<uint64_t>(t & (bucket_ps - 1)) << payload_bits) | payload;
        if (b > cursor_ && b < cursor_ + wheel_size && b >= peeked_bucket_) {  // nearly always
            into_wheel(b, k);
            if (b == peeked_bucket_) peeked_time_ = std::min(peeked_time_, t);
        } else {
            push_elsewhere(b, t, k);
        }
    }

    // The time of the next entry if it is earlier than `limit`, else INT64_MAX.
    TimePs next_time(TimePs limit) {
        TimePs t;
        if (pos_ < current_->size()) {
            t = (cursor_ << bucket_shift) | static_cast<TimePs>(offset((*current_)[pos_]));
        } else {  // the open bucket is used up: the next one, looked at without opening it
            if (peeked_bucket_ == unknown) peek_next_bucket();
            t = peeked_time_;
        }
        return t < limit ? t : INT64_MAX;
    }
    // The payload of the entry next_time() returned, without removing it.
    uint64_t peek() {
        if (pos_ == current_->size()) open_bucket(peeked_bucket_);
        return (*current_)[pos_] & ((uint64_t{1} << payload_bits) - 1);
    }
    // The payload `ahead` entries after the next one in the open bucket, if there is one
    // (for prefetching what those entries will need).
    bool payload_ahead(size_t ahead, uint64_t& payload) const {
        if (pos_ + ahead >= current_->size()) return false;
        payload = (*current_)[pos_ + ahead] & ((uint64_t{1} << payload_bits) - 1);
        return true;
    }
    // Removes the entry next_time() returned and gives its payload. Only then does the
    // wheel move on to the entry's bucket: a wheel never stands past the earliest event of
    // the calendar it is part of, so every later push lands at or after it.
    uint64_t pop() {
        const uint64_t payload = peek();
        ++pos_;
        return payload;
    }

private:
    using Key = uint64_t;
    static constexpr int64_t wheel_size = 1024;
    static uint64_t offset(Key k) { return k >> payload_bits; }

    struct Far {  // an entry beyond the wheel, ordered by time, then push order
        int64_t bucket;
        uint64_t count;
        Key key;
        bool operator>(const Far& o) const {
            if (bucket != o.bucket) return bucket > o.bucket;
            if (offset(key) != offset(o.key)) return offset(key) > offset(o.key);
            return count > o.count;
        }
    };

    void into_wheel(int64_t b, Key k) {
        const size_t slot = static_cast<size_t>(b & (wheel_size - 1));
        wheel_[slot].push_back(k);
        occupied_[slot >> 6] |= uint64_t{1} << (slot & 63);
        ++in_wheel_;
    }
    // push() for the open bucket, the bucket peeked at or before it, or beyond the wheel.
    __attribute__((noinline)) void push_elsewhere(int64_t b, TimePs t, Key k) {
        if (b < cursor_) throw std::logic_error("timing wheel: an entry before the open bucket");
        if (b == cursor_) {  // the open bucket: into its unread part, among its equal times
            std::vector<Key>& open = *current_;
            const auto from = open.begin() + static_cast<std::ptrdiff_t>(pos_);
            if (order_ == TieOrder::by_payload) {
                open.insert(std::upper_bound(from, open.end(), k), k);
                return;
            }
            const auto by_time = [](Key a, Key x) { return offset(a) < offset(x); };
            auto at = std::upper_bound(from, open.end(), k, by_time);  // after its equal times
            if (order_ == TieOrder::shuffled) {  // or anywhere among them, uniformly
                const auto first = std::lower_bound(from, at, k, by_time);
                at = first + static_cast<std::ptrdiff_t>(rng_.below(static_cast<uint32_t>(at - first + 1)));
            }
            open.insert(at, k);
            return;
        }
        if (b < cursor_ + wheel_size)
            into_wheel(b, k);
        else
            overflow_.push({b, overflow_count_++, k});
        if (b == peeked_bucket_)
            peeked_time_ = std::min(peeked_time_, t);
        else if (b < peeked_bucket_)
            peeked_bucket_ = unknown;  // an earlier bucket than the one peeked: look again
    }

    // The open bucket is read in place in its slot, so every slot keeps the capacity it
    // has grown to (no allocation once the wheel has turned).
    void open_bucket(int64_t b) {
        peeked_bucket_ = unknown;
        current_->clear();
        cursor_ = b;
        pos_ = 0;
        const size_t index = static_cast<size_t>(b & (wheel_size - 1));
        occupied_[index >> 6] &= ~(uint64_t{1} << (index & 63));
        std::vector<Key>& open = wheel_[index];
        current_ = &open;
        in_wheel_ -= static_cast<int64_t>(open.size());
        if (!overflow_.empty() && overflow_.top().bucket == b) {  // pushed before the rest
            std::vector<Key> far;
            for (; !overflow_.empty() && overflow_.top().bucket == b; overflow_.pop()) far.push_back(overflow_.top().key);
            open.insert(open.begin(), far.begin(), far.end());
        }
        if (open.size() < 2) return;
        if (order_ == TieOrder::by_payload) {
            std::sort(open.begin(), open.end());
            return;
        }
        if (order_ == TieOrder::pushed)
            insertion_sort(open, [](Key a, Key b) { return offset(a) > offset(b); });  // stable: by time alone
        else
            insertion_sort(open, [](Key a, Key b) { return a > b; });  // by time, then payload
        if (order_ == TieOrder::shuffled) shuffle_equal_times(open);
    }
    // The next bucket holding entries (the wheel's next occupied one or the heap's first,
    // whichever comes first; empty buckets are skipped a word at a time) and its earliest
    // time, without sorting it.
    void peek_next_bucket() {
        int64_t b = in_wheel_ ? next_occupied(cursor_ + 1) : none;
        if (!overflow_.empty()) b = std::min(b, overflow_.top().bucket);
        peeked_bucket_ = b;
        peeked_time_ = INT64_MAX;
        if (b == none) return;
        uint64_t first = UINT64_MAX;
        if (b < cursor_ + wheel_size)
            for (Key k : wheel_[static_cast<size_t>(b & (wheel_size - 1))]) first = std::min(first, offset(k));
        if (!overflow_.empty() && overflow_.top().bucket == b) first = std::min(first, offset(overflow_.top().key));
        peeked_time_ = (b << bucket_shift) | static_cast<TimePs>(first);
    }
    // The first occupied wheel bucket at or after `from` (the wheel holds buckets in
    // [from, from + wheel_size) only); the wheel must not be empty.
    int64_t next_occupied(int64_t from) const {
        const size_t start = static_cast<size_t>(from & (wheel_size - 1));
        size_t word = start >> 6;
        uint64_t bits = occupied_[word] & (~uint64_t{0} << (start & 63));
        while (!bits) {
            word = (word + 1) & (occupied_.size() - 1);
            bits = occupied_[word];
        }
        const size_t found = (word << 6) | static_cast<size_t>(__builtin_ctzll(bits));
        return from + static_cast<int64_t>((found - start) & (wheel_size - 1));
    }
    template <class After>
    static void insertion_sort(std::vector<Key>& keys, After after) {
        for (size_t i = 1; i < keys.size(); ++i) {
            const Key k = keys[i];
            size_t j = i;
            for (; j > 0 && after(keys[j - 1], k); --j) keys[j] = keys[j - 1];
            keys[j] = k;
        }
    }
    void shuffle_equal_times(std::vector<Key>& keys) {  // Fisher-Yates within every run of equal times
        size_t run = 0;
        for (size_t i = 1; i <= keys.size(); ++i) {
            if (i < keys.size() && offset(keys[i]) == offset(keys[run])) continue;
            for (size_t j = i - 1; j > run; --j)
                std::swap(keys[j], keys[run + rng_.below(static_cast<uint32_t>(j - run + 1))]);
            run = i;
        }
    }

    TieOrder order_;
    Random rng_;
    std::vector<std::vector<Key>> wheel_ = std::vector<std::vector<Key>>(wheel_size);
    std::vector<uint64_t> occupied_ = std::vector<uint64_t>(wheel_size / 64, 0);  // a bit per non-empty slot
    std::vector<Key> before_start_;              // the open bucket before the first is opened
    std::vector<Key>* current_ = &before_start_;  // the open bucket, read in place
    size_t pos_ = 0;
    int64_t cursor_ = 0;  // the open bucket
    int64_t in_wheel_ = 0;
    std::priority_queue<Far, std::vector<Far>, std::greater<Far>> overflow_;
    static constexpr int64_t unknown = -1, none = INT64_MAX;
    int64_t peeked_bucket_ = unknown;  // the next bucket after the open one, or none
    TimePs peeked_time_ = INT64_MAX;   // its earliest entry
    uint64_t overflow_count_ = 0;
};

}  // namespace cposim
