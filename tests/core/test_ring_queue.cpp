#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>

#include "random.h"
#include "ring_queue.h"

using namespace cposim;

// The ring must behave as a FIFO exactly like std::deque through growth and wrap-around:
// random pushes and pops, checked against a deque after every step.
TEST_CASE("a ring queue is a FIFO like std::deque through growth and wrap-around", "[stats]") {
    Random rng(9, 2);
    RingQueue<uint64_t> ring;
    std::deque<uint64_t> expected;
    uint64_t next = 0;
    size_t longest = 0;
    for (int step = 0; step < 200'000; ++step) {
        // phases that mostly grow, then mostly drain, so the ring grows and wraps many times
        const bool growing = (step / 5000) % 2 == 0;
        const bool push = expected.empty() || rng.below(100) < (growing ? 70u : 30u);
        if (push) {
            ring.push_back(next);
            expected.push_back(next++);
        } else {
            REQUIRE(ring.front() == expected.front());
            ring.pop_front();
            expected.pop_front();
        }
        REQUIRE(ring.size() == expected.size());
        REQUIRE(ring.empty() == expected.empty());
        if (!expected.empty()) {
            REQUIRE(ring.front() == expected.front());
            REQUIRE(ring.back() == expected.back());
        }
        longest = std::max(longest, expected.size());
    }
    CHECK(longest > 1000);  // it grew well past its first slots
}
