// The egress port's schedulers (models/switch/egress_port.h) against hand-computed
// sequences: strict priority always sends the highest non-empty class, FIFO within a
// class; DWRR (Shreedhar and Varghese) gives each backlogged class quantum = weight x MTU
// bytes of credit per round, keeps the unspent credit while the class stays backlogged,
// drops it when the class empties, and holds a frame larger than the credit until enough
// rounds have added up.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "egress_port.h"

using namespace cposim;

namespace {

std::array<uint32_t, traffic_class_count> weights_of(std::vector<uint32_t> w) {
    std::array<uint32_t, traffic_class_count> out{};
    out.fill(1);
    for (size_t i = 0; i < w.size(); ++i) out[i] = w[i];
    return out;
}

// Owns the frames a test pushes (stable addresses: a deque never moves its elements).
struct Frames {
    std::deque<Packet> store;
    Packet* make(int cls, uint32_t bytes, uint64_t id = 0) {
        store.emplace_back();
        Packet* p = &store.back();
        p->traffic_class = static_cast<uint8_t>(cls);
        p->bytes = bytes;
        p->id = id;
        return p;
    }
};

// Pops n frames and returns their classes.
std::vector<int> pop_classes(EgressPort& port, int n) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i) {
        REQUIRE_FALSE(port.empty());
        out.push_back(port.pop()->traffic_class);
    }
    return out;
}

}  // namespace

TEST_CASE("strict priority sends the highest non-empty class first and each class in FIFO order", "[switch][egress]") {
    EgressPort port;
    port.configure(SchedulerKind::strict, weights_of({}), 9216);
    Frames f;
    // A(c0, 100 B) B(c3, 200) C(c7, 300) D(c3, 400) E(c5, 500) F(c0, 600).
    port.push(f.make(0, 100, 'A'));
    port.push(f.make(3, 200, 'B'));
    port.push(f.make(7, 300, 'C'));
    port.push(f.make(3, 400, 'D'));
    port.push(f.make(5, 500, 'E'));
    port.push(f.make(0, 600, 'F'));
    CHECK(port.packets() == 6);
    CHECK(port.bytes() == 2100);
    CHECK(port.class_bytes(3) == 600);
    // C (7), E (5); G (c6) arrives: G; B, D (3 in order); H (c7) arrives: H; then A, F (0).
    std::vector<uint64_t> order;
    order.push_back(port.pop()->id);
    order.push_back(port.pop()->id);
    port.push(f.make(6, 700, 'G'));
    order.push_back(port.pop()->id);
    order.push_back(port.pop()->id);
    port.push(f.make(7, 800, 'H'));
    while (!port.empty()) order.push_back(port.pop()->id);
    CHECK(order == std::vector<uint64_t>{'C', 'E', 'G', 'B', 'H', 'D', 'A', 'F'});
    CHECK(port.packets() == 0);
    CHECK(port.bytes() == 0);
    CHECK(port.class_bytes(3) == 0);
}

TEST_CASE("DWRR with weights 1:2:3 serves 500 B frames 2, 4 and 6 per round: 10000, 20000, 30000 B in 10 rounds", "[switch][egress]") {
    // MTU 1000 B: quanta 1000, 2000, 3000 B. Each round class 0 spends 1000 B on two 500 B
    // frames (credit 0 left), class 1 four, class 2 six; classes 3..7 are empty. A round
    // is 12 frames: 0 0 1 1 1 1 2 2 2 2 2 2. 100 frames per class keep all three backlogged
    // over 10 rounds (at most 60 used).
    EgressPort port;
    port.configure(SchedulerKind::dwrr, weights_of({1, 2, 3}), 1000);
    Frames f;
    for (int i = 0; i < 100; ++i)
        for (int c = 0; c < 3; ++c) port.push(f.make(c, 500));
    CHECK(pop_classes(port, 12) == std::vector<int>{0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2});
    std::array<int64_t, 3> served{};
    for (int i = 0; i < 9 * 12; ++i) served[static_cast<size_t>(port.pop()->traffic_class)] += 500;
    // 9 more rounds: 9000, 18000, 27000 B, plus the first round's 1000, 2000, 3000.
    CHECK(served[0] + 1000 == 10000);
    CHECK(served[1] + 2000 == 20000);
    CHECK(served[2] + 3000 == 30000);
    // Left: 50000 B per class minus what was served.
    CHECK(port.class_bytes(0) == 40000);
    CHECK(port.class_bytes(1) == 30000);
    CHECK(port.class_bytes(2) == 20000);
    // The next frame starts round 11 with class 0.
    CHECK(port.pop()->traffic_class == 0);
}

TEST_CASE("DWRR with weights 1:2 and 700 B frames carries the credit over: exactly 1:2 after 7 rounds", "[switch][egress]") {
    // Quanta 1000 and 2000 B (MTU 1000). Credit before serving -> frames sent, credit left:
    //   round  class 0            class 1
    //   1      1000 -> 1, 300     2000 -> 2, 600
    //   2      1300 -> 1, 600     2600 -> 3, 500
    //   3      1600 -> 2, 200     2500 -> 3, 400
    //   4      1200 -> 1, 500     2400 -> 3, 300
    //   5      1500 -> 2, 100     2300 -> 3, 200
    //   6      1100 -> 1, 400     2200 -> 3, 100
    //   7      1400 -> 2, 0       2100 -> 3, 0
    // 30 frames: class 0 sent 10 x 700 = 7000 B = 7 quanta, class 1 20 x 700 = 14000 B.
    EgressPort port;
    port.configure(SchedulerKind::dwrr, weights_of({1, 2}), 1000);
    Frames f;
    for (int i = 0; i < 40; ++i) {
        port.push(f.make(0, 700));
        port.push(f.make(1, 700));
    }
    const std::vector<int> expected{0, 1, 1,           // round 1
                                    0, 1, 1, 1,        // round 2
                                    0, 0, 1, 1, 1,     // round 3
                                    0, 1, 1, 1,        // round 4
                                    0, 0, 1, 1, 1,     // round 5
                                    0, 1, 1, 1,        // round 6
                                    0, 0, 1, 1, 1};    // round 7
    CHECK(pop_classes(port, 30) == expected);
    CHECK(port.class_bytes(0) == 40 * 700 - 7000);
    CHECK(port.class_bytes(1) == 40 * 700 - 14000);
}

TEST_CASE("a DWRR class that empties loses its unspent credit, a backlogged one keeps it", "[switch][egress]") {
    // Weights 1, MTU 1000: quantum 1000 B. Class 0 holds a0 (200 B), class 1 b1..b5 (1000 B).
    //   pop 1: class 0 gets 1000, sends a0 (800 left) and empties: credit 0.
    //   pop 2: class 1 gets 1000, sends b1 (0 left), still backlogged.
    //   a1, a2 (900 B each) arrive in class 0.
    //   pop 3: class 1 has 0 < 1000: next. class 0 gets 0 + 1000: sends a1 (100 left).
    //   pop 4: class 0 has 100 < 900: next. class 1 gets 1000: sends b2.
    //   pop 5: class 0 gets 100 + 1000 (kept while backlogged): sends a2, empties.
    // Had class 0 kept a0's 800, pop 4 would have sent a2 (1800 - 900 = 900 >= 900).
    EgressPort port;
    port.configure(SchedulerKind::dwrr, weights_of({}), 1000);
    Frames f;
    port.push(f.make(0, 200, 100));
    for (uint64_t i = 1; i <= 5; ++i) port.push(f.make(1, 1000, i));
    std::vector<uint64_t> order;
    order.push_back(port.pop()->id);
    order.push_back(port.pop()->id);
    port.push(f.make(0, 900, 101));
    port.push(f.make(0, 900, 102));
    for (int i = 0; i < 3; ++i) order.push_back(port.pop()->id);
    CHECK(order == std::vector<uint64_t>{100, 1, 101, 2, 102});
}

TEST_CASE("a DWRR frame larger than its quantum waits until the credit of several rounds covers it", "[switch][egress]") {
    // Quantum 1000 B (weight 1, MTU 1000); class 0 holds one 2500 B frame, class 1 1000 B
    // frames. Class 0's credit is 1000, 2000, 3000 on its first three visits: it sends on
    // the third, after two class 1 frames, and empties (credit 0).
    EgressPort port;
    port.configure(SchedulerKind::dwrr, weights_of({}), 1000);
    Frames f;
    port.push(f.make(0, 2500));
    for (int i = 0; i < 10; ++i) port.push(f.make(1, 1000));
    CHECK(pop_classes(port, 5) == std::vector<int>{1, 1, 0, 1, 1});
    CHECK(port.class_bytes(0) == 0);
    CHECK(port.packets() == 11 - 5);
}

TEST_CASE("DWRR gives a lower class its weighted share: weight 3 for class 0 against 1 for class 7", "[switch][egress]") {
    // DWRR ignores class priority: quanta 3000 (class 0) and 1000 (class 7), 1000 B frames:
    // each round 3 frames of class 0, then 1 of class 7.
    EgressPort port;
    port.configure(SchedulerKind::dwrr, weights_of({3, 1, 1, 1, 1, 1, 1, 1}), 1000);
    Frames f;
    for (int i = 0; i < 20; ++i) {
        port.push(f.make(7, 1000));
        port.push(f.make(0, 1000));
    }
    CHECK(pop_classes(port, 8) == std::vector<int>{0, 0, 0, 7, 0, 0, 0, 7});
}
