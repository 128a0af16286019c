#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "packet_pool.h"

using namespace cposim;

// The pool's count of packets handed out is the run's independent count of frames in
// flight: it must hold across chunks (16,384 packets each) with either kind of page, every
// packet distinct, aligned to its cache lines and handed out cleared, and a released packet
// the next one handed out (the most recently released is the one still in the cache).
TEST_CASE("a packet pool hands out distinct cleared packets across chunks and counts them", "[stats]") {
    for (const PacketPool::Pages pages : {PacketPool::Pages::small, PacketPool::Pages::huge}) {
        PacketPool pool(pages);
        std::vector<Packet*> held;
        std::set<Packet*> distinct;
        constexpr int count = 40'000;  // three chunks
        for (int i = 0; i < count; ++i) {
            Packet* p = pool.acquire();
            REQUIRE(reinterpret_cast<uintptr_t>(p) % 64 == 0);
            REQUIRE(p->next == nullptr);
            REQUIRE(p->bytes == 0);
            REQUIRE(p->id == 0);
            p->id = static_cast<uint64_t>(i) + 1;  // dirty it: a reused packet must come back cleared
            p->bytes = 64;
            held.push_back(p);
            distinct.insert(p);
        }
        CHECK(distinct.size() == static_cast<size_t>(count));
        CHECK(pool.live() == count);
        for (int i = 0; i < count; i += 2) pool.release(held[static_cast<size_t>(i)]);
        CHECK(pool.live() == count / 2);
        Packet* again = pool.acquire();
        CHECK(again == held[count - 2]);  // last released, first handed out again
        CHECK(again->id == 0);
        CHECK(again->bytes == 0);
        CHECK(pool.live() == count / 2 + 1);
    }
}
