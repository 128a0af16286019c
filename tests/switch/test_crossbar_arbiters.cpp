// The crossbar arbiters (models/switch/crossbar_arbiter.h) against hand-worked matchings:
// iSLIP (McKeown 1999) on a 4x4 request matrix slot by slot with its grant and accept
// pointers moving only for first-iteration matches, its desynchronisation into a rotating
// perfect matching under uniform full load, and maximal matchings when it may iterate N
// times; the random FIFO arbiter's one request per input and its fair 1/k draw among k
// inputs that want the same output. Every matching is checked to be a matching of
// requested pairs.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "crossbar_arbiter.h"
#include "random.h"

using namespace cposim;

namespace {

using Requests = std::vector<std::set<int>>;  // per input: the outputs it has frames for

void set_requests(CrossbarArbiter& a, int n, const Requests& r) {
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) a.set_request(i, j, r[static_cast<size_t>(i)].count(j) > 0);
}

// Each matched input sends to an output it requested, and no output takes two inputs.
void check_is_matching(const std::vector<int>& m, const Requests& r) {
    std::set<int> outputs;
    for (size_t i = 0; i < m.size(); ++i) {
        if (m[i] < 0) continue;
        CAPTURE(i, m[i]);
        CHECK(r[i].count(m[i]) == 1);
        CHECK(outputs.insert(m[i]).second);
    }
}

// Maximal: no unmatched input requests an unmatched output.
bool is_maximal(const std::vector<int>& m, const Requests& r) {
    std::set<int> taken;
    for (int j : m)
        if (j >= 0) taken.insert(j);
    for (size_t i = 0; i < m.size(); ++i)
        if (m[i] < 0)
            for (int j : r[i])
                if (!taken.count(j)) return false;
    return true;
}

// in0 -> {0, 1, 2}, in1 -> {0, 2}, in2 -> {1}, in3 -> {1, 3}.
const Requests example{{0, 1, 2}, {0, 2}, {1}, {1, 3}};

}  // namespace

TEST_CASE("iSLIP with one iteration matches the hand-worked 4x4 example slot by slot", "[switch][arbiter][islip]") {
    // Requests stay: in0 {0,1,2}, in1 {0,2}, in2 {1}, in3 {1,3}. g = grant pointers of
    // outputs 0..3, a = accept pointers of inputs 0..3; a pointer moves to one past its
    // partner only when its grant is accepted.
    // Slot 1, g = a = [0 0 0 0]. Grants: out0 {0,1} -> in0, out1 {0,2,3} -> in0,
    //   out2 {0,1} -> in0, out3 {3} -> in3. Accepts: in0 {0,1,2} -> out0, in3 -> out3.
    //   Match [0 - - 3]. g0 = 1, a0 = 1, g3 = a3 = 0 (4 mod 4); out1, out2 were refused:
    //   their pointers stay at 0.
    // Slot 2, g = [1 0 0 0], a = [1 0 0 0]. Grants: out0 -> in1, out1 -> in0, out2 -> in0,
    //   out3 -> in3. Accepts: in0 {1,2} from 1 -> out1, in1 -> out0, in3 -> out3.
    //   Match [1 0 - 3]. g = [2 1 0 0], a = [2 1 0 0].
    // Slot 3: grants: out0 {0,1} from 2 wraps -> in0, out1 {0,2,3} from 1 -> in2,
    //   out2 -> in0, out3 -> in3. Accepts: in0 {0,2} from 2 -> out2, in2 -> out1, in3 -> out3.
    //   Match [2 - 1 3]. g = [2 3 1 0], a = [3 1 2 0].
    // Slot 4: grants: out0 from 2 wraps -> in0, out1 {0,2,3} from 3 -> in3, out2 {0,1}
    //   from 1 -> in1, out3 -> in3. Accepts: in0 {0} -> out0, in1 {2} -> out2,
    //   in3 {1,3} from 0 -> out1. Match [0 2 - 1]: out3's grant was refused.
    IslipArbiter arbiter(4, 1);
    set_requests(arbiter, 4, example);
    const std::vector<std::vector<int>> expected{{0, -1, -1, 3}, {1, 0, -1, 3}, {2, -1, 1, 3}, {0, 2, -1, 1}};
    std::vector<int> m;
    for (size_t slot = 0; slot < expected.size(); ++slot) {
        CAPTURE(slot + 1);
        arbiter.match(m);
        CHECK(m == expected[slot]);
        check_is_matching(m, example);
    }
}

TEST_CASE("iSLIP moves its pointers only for first-iteration matches", "[switch][arbiter][islip]") {
    // Same requests, 2 iterations. Slot 1, iteration 1 as with one iteration: in0 -> out0,
    // in3 -> out3. Iteration 2 among free in1, in2 and free out1, out2: out1 {2} -> in2,
    // out2 {1} -> in1, both accepted: perfect match [0 2 1 3]; pointers only g0 = a0 = 1.
    // Slot 2 (g = [1 0 0 0]): grants out0 -> in1, out1 -> in0, out2 -> in0, out3 -> in3;
    // accepts in0 {1,2} from 1 -> out1, in1 -> out0, in3 -> out3. Iteration 2: in2 wants
    // only out1, taken: match [1 0 - 3].
    // Had iteration 2 moved pointers (g1 = 3, g2 = 2, a1 = 3, a2 = 2), slot 2 would grant
    // out1 -> in3 and out2 -> in0 and match [2 0 - 1].
    IslipArbiter arbiter(4, 2);
    set_requests(arbiter, 4, example);
    std::vector<int> m;
    arbiter.match(m);
    CHECK(m == std::vector<int>{0, 2, 1, 3});
    arbiter.match(m);
    CHECK(m == std::vector<int>{1, 0, -1, 3});
    CHECK(is_maximal(m, example));
}

TEST_CASE("iSLIP under uniform full load desynchronises into a rotating perfect matching after 3 slots", "[switch][arbiter][islip]") {
    // 4x4, every input requests every output, one iteration, pointers from 0:
    //   slot 1: all outputs grant in0, which accepts out0: [0 - - -]; g0 = a0 = 1.
    //   slot 2: out0 -> in1, out1..3 -> in0; in0 accepts out1, in1 out0: [1 0 - -];
    //           g = [2 1 0 0], a = [2 1 0 0].
    //   slot 3: out0 -> in2, out1 -> in1, out2, out3 -> in0; in0 accepts out2: [2 1 0 -];
    //           g = [3 2 1 0], a = [3 2 1 0].
    //   slot 4: out j grants in 3 - j, each input has one grant: [3 2 1 0].
    // From there, if slot s matched i -> j = (s - 1 - i) mod 4, then g_j = i + 1 and out j
    // grants input s - j next: slot s + 1 matches i -> (s - i) mod 4 again with one grant
    // per input. A perfect matching in every slot, each input cycling through all outputs.
    IslipArbiter arbiter(4, 1);
    Requests all(4, std::set<int>{0, 1, 2, 3});
    set_requests(arbiter, 4, all);
    std::vector<int> m;
    arbiter.match(m);
    CHECK(m == std::vector<int>{0, -1, -1, -1});
    arbiter.match(m);
    CHECK(m == std::vector<int>{1, 0, -1, -1});
    arbiter.match(m);
    CHECK(m == std::vector<int>{2, 1, 0, -1});
    for (int s = 4; s < 40; ++s) {
        CAPTURE(s);
        arbiter.match(m);
        std::vector<int> expected(4);
        for (int i = 0; i < 4; ++i) expected[static_cast<size_t>(i)] = ((s - 1 - i) % 4 + 4) % 4;
        CHECK(m == expected);
    }
}

TEST_CASE("iSLIP with N iterations always finds a maximal matching of the requests", "[switch][arbiter][islip]") {
    // Each iteration that leaves an unmatched input requesting an unmatched output has that
    // output grant some free input and that input accept some grant: one more pair. So at
    // most N iterations reach a maximal matching. 8x8, 2000 slots of random requests
    // (each pair with probability 1/2, redrawn every slot, set and cleared).
    const int n = 8;
    IslipArbiter arbiter(n, n);
    Random rng(11, 12);
    std::vector<int> m;
    int perfect = 0;
    for (int slot = 0; slot < 2000; ++slot) {
        Requests r(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                if (rng.below(2)) r[static_cast<size_t>(i)].insert(j);
        set_requests(arbiter, n, r);
        arbiter.match(m);
        REQUIRE(m.size() == static_cast<size_t>(n));
        check_is_matching(m, r);
        REQUIRE(is_maximal(m, r));
        int size = 0;
        for (int j : m) size += j >= 0;
        perfect += size == n;
    }
    CHECK(perfect > 0);  // dense random requests: some slots match every input
}

namespace {
// iSLIP as McKeown's paper states it, on plain arrays and loops over every port: the
// reference for the arbiter's bitmaps (one word up to 64 ports, several beyond).
class TextbookIslip {
public:
    TextbookIslip(int n, int iterations)
        : n_(n), iterations_(iterations), requests_(static_cast<size_t>(n * n), false), grant_ptr_(static_cast<size_t>(n), 0),
          accept_ptr_(static_cast<size_t>(n), 0) {}
    void set_request(int in, int out, bool on) { requests_[static_cast<size_t>(in * n_ + out)] = on; }
    std::vector<int> match() {
        std::vector<int> m(static_cast<size_t>(n_), -1);
        std::vector<bool> in_free(static_cast<size_t>(n_), true), out_free(static_cast<size_t>(n_), true);
        for (int iter = 0; iter < iterations_; ++iter) {
            std::vector<int> grant(static_cast<size_t>(n_), -1);  // per output: the input it grants
            for (int j = 0; j < n_; ++j) {
                if (!out_free[static_cast<size_t>(j)]) continue;
                for (int k = 0; k < n_; ++k) {
                    const int i = (grant_ptr_[static_cast<size_t>(j)] + k) % n_;
                    if (in_free[static_cast<size_t>(i)] && requests_[static_cast<size_t>(i * n_ + j)]) {
                        grant[static_cast<size_t>(j)] = i;
                        break;
                    }
                }
            }
            bool any = false;
            for (int i = 0; i < n_; ++i) {
                if (!in_free[static_cast<size_t>(i)]) continue;
                for (int k = 0; k < n_; ++k) {
                    const int j = (accept_ptr_[static_cast<size_t>(i)] + k) % n_;
                    if (grant[static_cast<size_t>(j)] != i) continue;
                    m[static_cast<size_t>(i)] = j;
                    any = true;
                    if (iter == 0) {
                        grant_ptr_[static_cast<size_t>(j)] = (i + 1) % n_;
                        accept_ptr_[static_cast<size_t>(i)] = (j + 1) % n_;
                    }
                    break;
                }
            }
            for (int i = 0; i < n_; ++i)  // matched ports leave the pool after the accept step
                if (m[static_cast<size_t>(i)] >= 0) {
                    in_free[static_cast<size_t>(i)] = false;
                    out_free[static_cast<size_t>(m[static_cast<size_t>(i)])] = false;
                }
            if (!any) break;
        }
        return m;
    }

private:
    int n_, iterations_;
    std::vector<bool> requests_;
    std::vector<int> grant_ptr_, accept_ptr_;
};
}  // namespace

TEST_CASE("iSLIP matches as the textbook algorithm does, for one-word and several-word port sets", "[switch][arbiter][islip]") {
    // Random requests that persist and change a few at a time (as VOQs fill and empty),
    // dense and sparse, over many slots: the same matching in every slot.
    for (int n : {3, 17, 64, 65, 130}) {
        for (int iterations : {1, 2, 4}) {
            IslipArbiter arbiter(n, iterations);
            TextbookIslip reference(n, iterations);
            Random rng(static_cast<uint64_t>(n * 10 + iterations), 3);
            std::vector<int> m;
            const uint32_t density = 2 + rng.below(30);  // a pair requests with probability 1/density
            for (int slot = 0; slot < 300; ++slot) {
                const int changes = slot == 0 ? n * n : static_cast<int>(rng.below(static_cast<uint32_t>(2 * n)));
                for (int c = 0; c < changes; ++c) {
                    const int in = slot == 0 ? c / n : static_cast<int>(rng.below(static_cast<uint32_t>(n)));
                    const int out = slot == 0 ? c % n : static_cast<int>(rng.below(static_cast<uint32_t>(n)));
                    const bool on = rng.below(density) == 0;
                    arbiter.set_request(in, out, on);
                    reference.set_request(in, out, on);
                }
                arbiter.match(m);
                INFO(n << " ports, " << iterations << " iterations, slot " << slot);
                REQUIRE(m == reference.match());
            }
        }
    }
}

TEST_CASE("iSLIP never matches a request that was withdrawn", "[switch][arbiter][islip]") {
    // 3x3: in0 and in1 want out2; in1 withdraws: in0 gets out2, in1 nothing.
    IslipArbiter arbiter(3, 3);
    arbiter.set_request(0, 2, true);
    arbiter.set_request(1, 2, true);
    arbiter.set_request(1, 2, false);
    std::vector<int> m;
    for (int slot = 0; slot < 3; ++slot) {
        arbiter.match(m);
        CHECK(m == std::vector<int>{2, -1, -1});
    }
}

TEST_CASE("the random FIFO arbiter gives each of k inputs wanting one output a 1/k share", "[switch][arbiter][fifo]") {
    // 8 ports: in0, in1, in2 -> out5 (k = 3); in3, in4 -> out1 (k = 2); in5 -> out6 alone;
    // in6, in7 idle. Over M = 30000 matchings each contender wins Binomial(M, 1/k):
    // mean 10000 (sd sqrt(M/3 x 2/3) = 81.6) for k = 3, 15000 (sd 86.6) for k = 2;
    // checked within 5 sd. Every matching gives out5 and out1 exactly one winner each,
    // in5 always out6, in6 and in7 nothing.
    const int n = 8, matchings = 30000;
    RandomFifoArbiter arbiter(n, 7);
    for (int i : {0, 1, 2}) arbiter.set_request(i, 5, true);
    for (int i : {3, 4}) arbiter.set_request(i, 1, true);
    arbiter.set_request(5, 6, true);
    const Requests r{{5}, {5}, {5}, {1}, {1}, {6}, {}, {}};
    std::vector<int64_t> wins(static_cast<size_t>(n), 0);
    std::vector<int> m;
    for (int t = 0; t < matchings; ++t) {
        arbiter.match(m);
        REQUIRE(m.size() == static_cast<size_t>(n));
        int to5 = 0, to1 = 0;
        for (int i = 0; i < n; ++i) {
            if (m[static_cast<size_t>(i)] < 0) continue;
            ++wins[static_cast<size_t>(i)];
            to5 += m[static_cast<size_t>(i)] == 5;
            to1 += m[static_cast<size_t>(i)] == 1;
        }
        REQUIRE(to5 == 1);
        REQUIRE(to1 == 1);
        REQUIRE(m[5] == 6);
        REQUIRE(m[6] == -1);
        REQUIRE(m[7] == -1);
        if (t < 100) check_is_matching(m, r);
    }
    const double sd3 = std::sqrt(matchings * (1.0 / 3) * (2.0 / 3)), sd2 = std::sqrt(matchings * 0.5 * 0.5);
    for (int i : {0, 1, 2}) CHECK(static_cast<double>(wins[static_cast<size_t>(i)]) == Approx(matchings / 3.0).margin(5 * sd3));
    for (int i : {3, 4}) CHECK(static_cast<double>(wins[static_cast<size_t>(i)]) == Approx(matchings / 2.0).margin(5 * sd2));
    CHECK(wins[0] + wins[1] + wins[2] == matchings);
    CHECK(wins[3] + wins[4] == matchings);
    CHECK(wins[5] == matchings);
}

TEST_CASE("the random FIFO arbiter keeps one request per input: a new one replaces the old", "[switch][arbiter][fifo]") {
    // in0 asks for out1, then out2: only out2 counts. Withdrawing out1 (not its request)
    // changes nothing, withdrawing out2 leaves it idle.
    RandomFifoArbiter arbiter(4, 1);
    std::vector<int> m;
    arbiter.set_request(0, 1, true);
    arbiter.set_request(0, 2, true);
    arbiter.match(m);
    CHECK(m == std::vector<int>{2, -1, -1, -1});
    arbiter.set_request(0, 1, false);
    arbiter.match(m);
    CHECK(m == std::vector<int>{2, -1, -1, -1});
    arbiter.set_request(0, 2, false);
    arbiter.match(m);
    CHECK(m == std::vector<int>{-1, -1, -1, -1});
}

TEST_CASE("the random FIFO arbiter never gives one output to two inputs when all want it", "[switch][arbiter][fifo]") {
    // 16 inputs, all with their head frame for out3: every matching has exactly one winner,
    // and over 16000 matchings each wins 1000 on average (sd sqrt(16000 x 1/16 x 15/16) =
    // 30.6), within 5 sd.
    const int n = 16, matchings = 16000;
    RandomFifoArbiter arbiter(n, 99);
    for (int i = 0; i < n; ++i) arbiter.set_request(i, 3, true);
    std::vector<int64_t> wins(static_cast<size_t>(n), 0);
    std::vector<int> m;
    for (int t = 0; t < matchings; ++t) {
        arbiter.match(m);
        int winners = 0;
        for (int i = 0; i < n; ++i)
            if (m[static_cast<size_t>(i)] >= 0) {
                REQUIRE(m[static_cast<size_t>(i)] == 3);
                ++winners;
                ++wins[static_cast<size_t>(i)];
            }
        REQUIRE(winners == 1);
    }
    const double sd = std::sqrt(matchings * (1.0 / n) * (1.0 - 1.0 / n));
    for (int i = 0; i < n; ++i) CHECK(static_cast<double>(wins[static_cast<size_t>(i)]) == Approx(1000).margin(5 * sd));
}
