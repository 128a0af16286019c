// The collectives' schedules against their algorithms: message counts and sizes, what each
// rank sends in all (the volumes the bus-bandwidth factors of nccl-tests stand for), the
// step order, and algorithms a set of GPUs cannot run refused.
#include <catch2/catch.hpp>

#include <deque>
#include <map>

#include "all_parameters.h"
#include "collective.h"
#include "errors.h"

using namespace cposim;

namespace {

CollectiveConfig config(const std::string& name, int gpus, double bytes, int chunks = 8) {
    ParameterSet p(parameter_registry());
    p.apply_override("workload.tree_chunks=" + std::to_string(chunks));
    p.apply_override("workload.collective=" + name);
    p.apply_override("workload.gpus=" + std::to_string(gpus));
    p.apply_override("workload.bytes=" + std::to_string(bytes));
    return CollectiveConfig::from(p, 1024);
}

// Delivers every posted message in the order posted (an ideal network that keeps order);
// returns the messages in delivery order.
std::vector<uint32_t> run(Collective& c) {
    std::deque<uint32_t> posted;
    for (uint32_t m : c.start()) posted.push_back(m);
    std::vector<uint32_t> order;
    while (!posted.empty()) {
        const uint32_t m = posted.front();
        posted.pop_front();
        order.push_back(m);
        for (uint32_t next : c.delivered(m)) posted.push_back(next);
    }
    return order;
}

}  // namespace

TEST_CASE("each collective sends the volume its bus-bandwidth factor stands for", "[fabric][collective]") {
    // nccl-tests: busbw = algbw x factor, the factor being the share of S each rank must move
    // through its link: 2(n-1)/n for all-reduce, (n-1)/n for all-gather, reduce-scatter,
    // all-to-all. Every rank sends exactly factor x S, and the collective completes.
    const double S = 1 << 20;
    for (const auto& [name, factor_of] : std::vector<std::pair<std::string, double (*)(double)>>{
             {"ring_allreduce", [](double n) { return 2 * (n - 1) / n; }},
             {"halving_doubling", [](double n) { return 2 * (n - 1) / n; }},
             {"allgather", [](double n) { return (n - 1) / n; }},
             {"reduce_scatter", [](double n) { return (n - 1) / n; }},
             {"alltoall", [](double n) { return (n - 1) / n; }}}) {
        for (int n : {2, 4, 8, 16}) {
            Collective c(config(name, n, S), 1);
            std::map<int, int64_t> sent;
            for (const auto& m : c.messages()) sent[m.src] += m.bytes;
            CAPTURE(name, n);
            for (int r = 0; r < n; ++r) CHECK(sent[r] == static_cast<int64_t>(factor_of(n) * S));
            CHECK(c.bus_factor() == Approx(factor_of(n)));
            const auto order = run(c);
            CHECK(order.size() == c.messages().size());
            CHECK(c.complete());
        }
    }
}

TEST_CASE("ring all-reduce: a rank sends step s only after receiving step s-1", "[fabric][collective]") {
    const int n = 6;
    Collective c(config("ring_allreduce", n, 6 * 1024), 1);
    CHECK(c.messages().size() == static_cast<size_t>(2 * (n - 1) * n));
    const auto start = c.start();
    CHECK(start.size() == static_cast<size_t>(n));  // step 0 of every rank
    for (uint32_t m : start) CHECK(c.messages()[m].step == 0);
    // Rank 1 receives step 0 from rank 0: it posts its step 1 (to rank 2) and nothing else.
    const auto next = c.delivered(start[0]);
    REQUIRE(next.size() == 1);
    CHECK(c.messages()[next[0]].src == 1);
    CHECK(c.messages()[next[0]].dst == 2);
    CHECK(c.messages()[next[0]].step == 1);
    CHECK(c.messages()[next[0]].bytes == 1024);
    CHECK_FALSE(c.complete());
}

TEST_CASE("halving-doubling pairs ranks at distance n/2 first and needs a power of two", "[fabric][collective]") {
    Collective c(config("halving_doubling", 8, 8192), 1);
    const auto start = c.start();
    for (uint32_t m : start) {
        const auto& msg = c.messages()[m];
        CHECK(msg.dst == (msg.src ^ 4));
        CHECK(msg.bytes == 4096);
    }
    try {
        config("halving_doubling", 6, 8192);
        FAIL("accepted 6 GPUs");
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Catch::Contains("workload.gpus: halving_doubling needs a power of two GPUs, not 6"));
    }
}

TEST_CASE("permutation, shift and incast send S from each sender once", "[fabric][collective]") {
    Collective perm(config("permutation", 16, 4096), 7);
    std::vector<int> received(16, 0);
    for (const auto& m : perm.messages()) {
        CHECK(m.src != m.dst);
        ++received[static_cast<size_t>(m.dst)];
    }
    for (int r : received) CHECK(r == 1);  // a permutation: every rank receives once
    Collective shift(config("shift", 16, 4096), 7);
    for (const auto& m : shift.messages()) CHECK(m.dst == (m.src + 8) % 16);
    Collective incast(config("incast", 9, 4096), 7);
    CHECK(incast.messages().size() == 8);
    for (const auto& m : incast.messages()) CHECK(m.dst == 0);
    CHECK(run(incast).size() == 8);
    CHECK(incast.complete());
}

TEST_CASE("double binary tree: two trees whose inner nodes differ, S/2 each up and down in chunks", "[fabric][collective]") {
    for (int n : {2, 7, 8, 16}) {
        ParameterSet p(parameter_registry());
        p.apply_override("workload.collective=double_binary_tree");
        p.apply_override("workload.gpus=" + std::to_string(n));
        p.apply_override("workload.tree_chunks=4");
        p.apply_override("workload.bytes=" + std::to_string(8 * 4096));
        Collective c(CollectiveConfig::from(p, 1024), 1);
        CAPTURE(n);
        // Each tree: every rank but the root sends each of 4 chunks up once and receives it
        // down once: 2 trees x 4 chunks x 2 (n - 1) messages of S/2/4.
        CHECK(c.messages().size() == static_cast<size_t>(2 * 4 * 2 * (n - 1)));
        std::map<std::pair<int, int>, int> up_senders_by_tree;  // (tree, parent) -> messages it receives up
        std::map<int, int> received_down;
        for (const auto& m : c.messages()) {
            CHECK(m.bytes == 4096);
            const int tree = m.dst_channel / 2;
            if (m.dst_channel % 2 == 0) ++up_senders_by_tree[{tree, m.dst}];
            else ++received_down[m.dst];
        }
        // Inner nodes receive chunks from their children on the way up: no rank is an inner
        // node of both trees when n is odd (NCCL's property); with n even at most one is.
        int inner_in_both = 0;
        for (int r = 0; r < n; ++r) inner_in_both += up_senders_by_tree.count({0, r}) && up_senders_by_tree.count({1, r});
        CHECK(inner_in_both <= (n % 2 ? 0 : 1));
        // Down, every rank but each tree's root gets its 4 chunks of that tree.
        int down = 0;
        for (const auto& [r, k] : received_down) down += k;
        CHECK(down == 2 * 4 * (n - 1));
        CHECK(run(c).size() == c.messages().size());
        CHECK(c.complete());
        CHECK(c.bus_factor() == Approx(2.0 * (n - 1) / n));
    }
}

TEST_CASE("broadcast and reduce: S along a chain in pipelined chunks, each forwarded once it is whole", "[fabric][collective]") {
    // The chain from rank 0 (broadcast) or to it (reduce): every rank but the chain's end
    // sends S in workload.tree_chunks chunks, so its link carries S (nccl-tests' factor 1),
    // and a rank passes chunk k on only after it has received chunk k.
    const double S = 1 << 20;
    for (const std::string name : {"broadcast", "reduce"}) {
        for (const auto& [n, K] : std::vector<std::pair<int, int>>{{2, 8}, {3, 1}, {3, 3}, {8, 8}, {8, 1}}) {
            Collective c(config(name, n, S, K), 1);
            REQUIRE(c.config().tree_chunks == K);
            CAPTURE(name, n, K);
            const int end = name == "broadcast" ? n - 1 : 0;  // the chain's last rank
            std::map<int, int64_t> sent;
            for (const auto& m : c.messages()) {
                sent[m.src] += m.bytes;
                CHECK(m.dst == (name == "broadcast" ? m.src + 1 : m.src - 1));
                CHECK(m.bytes >= static_cast<int64_t>(S) / K);  // the last chunk: what S / K leaves over too
                CHECK(m.bytes < static_cast<int64_t>(S) / K + K);
            }
            CHECK(c.messages().size() == static_cast<size_t>(K * (n - 1)));
            for (int r = 0; r < n; ++r) CHECK(sent[r] == (r == end ? 0 : static_cast<int64_t>(S)));
            CHECK(c.bus_factor() == 1.0);
            // In the in-order network: rank r's k-th message goes out after its k-th arrival.
            const auto order = run(c);
            REQUIRE(order.size() == c.messages().size());
            CHECK(c.complete());
            std::map<int, int> arrived, forwarded;
            for (uint32_t m : order) {
                const auto& msg = c.messages()[m];
                const bool starts_chain = msg.src == (name == "broadcast" ? 0 : n - 1);
                if (!starts_chain) CHECK(forwarded[msg.src] < arrived[msg.src]);
                ++forwarded[msg.src];
                ++arrived[msg.dst];
            }
        }
    }
}

TEST_CASE("gather and scatter move S/n between rank 0 and each other rank in one step", "[fabric][collective]") {
    const double S = 1 << 20;
    for (int n : {2, 5, 16}) {
        Collective gather(config("gather", n, S), 1), scatter(config("scatter", n, S), 1);
        CAPTURE(n);
        int64_t into_root = 0, out_of_root = 0;
        for (const auto& m : gather.messages()) {
            CHECK(m.dst == 0);
            into_root += m.bytes;
        }
        for (const auto& m : scatter.messages()) {
            CHECK(m.src == 0);
            out_of_root += m.bytes;
        }
        // The root's link carries (n-1)/n of S: the bus-bandwidth factor
        CHECK(into_root == (n - 1) * (static_cast<int64_t>(S) / n));
        CHECK(out_of_root == into_root);
        CHECK(gather.bus_factor() == Approx((n - 1.0) / n));
        CHECK(run(gather).size() == static_cast<size_t>(n - 1));
        CHECK(run(scatter).size() == static_cast<size_t>(n - 1));
        CHECK(gather.complete());
        CHECK(scatter.complete());
    }
}

TEST_CASE("barrier: after ceil(log2 n) dissemination steps every rank has heard from every other", "[fabric][collective]") {
    // A rank's message carries what it knows (which ranks have reached the barrier) when it
    // is sent; a barrier is correct when every rank completes knowing all n.
    for (int n : {2, 3, 7, 8, 33}) {
        Collective c(config("barrier", n, 4096), 1);
        CAPTURE(n);
        int steps = 0;
        while ((1 << steps) < n) ++steps;
        CHECK(c.messages().size() == static_cast<size_t>(n * steps));
        for (const auto& m : c.messages()) {
            CHECK(m.bytes == 1);
            CHECK(m.dst == (m.src + (1 << m.step)) % n);
        }
        CHECK(c.algbw_bytes() == 0.0);
        std::vector<std::vector<char>> knows(static_cast<size_t>(n), std::vector<char>(static_cast<size_t>(n), 0));
        for (int r = 0; r < n; ++r) knows[static_cast<size_t>(r)][static_cast<size_t>(r)] = 1;
        std::map<uint32_t, std::vector<char>> carried;  // posted message -> its sender's knowledge then
        std::deque<uint32_t> posted;
        auto post = [&](const std::vector<uint32_t>& ms) {
            for (uint32_t m : ms) {
                carried[m] = knows[static_cast<size_t>(c.messages()[m].src)];
                posted.push_back(m);
            }
        };
        post(c.start());
        while (!posted.empty()) {
            const uint32_t m = posted.front();
            posted.pop_front();
            auto& k = knows[static_cast<size_t>(c.messages()[m].dst)];
            for (int r = 0; r < n; ++r) k[static_cast<size_t>(r)] |= carried[m][static_cast<size_t>(r)];
            post(c.delivered(m));
        }
        CHECK(c.complete());
        for (int r = 0; r < n; ++r)
            for (int q = 0; q < n; ++q) CHECK(knows[static_cast<size_t>(r)][static_cast<size_t>(q)] == 1);
    }
}
