#include "collective.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "errors.h"
#include "random.h"

namespace cposim {

void CollectiveConfig::declare_parameters(ParameterRegistry& r) {
    r.add_choice("workload.collective", "ring_allreduce",
                 {"ring_allreduce", "halving_doubling", "hierarchical_allreduce", "double_binary_tree", "allgather",
                  "reduce_scatter", "alltoall", "permutation",
                  "shift", "incast", "uniform", "broadcast", "reduce", "gather", "scatter", "barrier"},
                 "fabric runs: the collective the GPUs run (docs/fabric.md): ring_allreduce, halving_doubling "
                 "(all-reduce; GPUs a power of two), hierarchical_allreduce (inside servers of host.gpus_per_server GPUs, then "
                 "across), double_binary_tree (two pipelined binary trees, as NCCL's), allgather, reduce_scatter (rings), alltoall, permutation "
                 "(each GPU sends S to a random other), shift (GPU r sends S to r + gpus/2), incast (every GPU sends "
                 "S to GPU 0), uniform (every GPU sends workload.messages messages of S to random other GPUs), broadcast and "
                 "reduce (from and to GPU 0 along a chain, in workload.tree_chunks pipelined chunks), gather and scatter "
                 "(S/n to and from GPU 0), barrier (dissemination: ceil(log2 n) steps of one-byte messages)");
    r.add_integer("workload.tree_chunks", 8, 1, 1 << 16,
                  "fabric runs, double_binary_tree: chunks each tree's half of S is cut into, pipelined up and down; "
                  "broadcast, reduce: chunks S is cut into along the chain (assumed 8)");
    r.add_integer("workload.jobs", 1, 1, 1 << 16,
                  "fabric runs: jobs running the collective at once, each on gpus / jobs consecutive GPUs");
    r.add_real("workload.compute_us", Dimension::time, "us", 0, 0, 1e9,
               "fabric runs: each GPU computes this long before each step's sends (0: communication only)");
    r.add_integer("workload.stragglers", 0, 0, 1 << 20,
                  "fabric runs: the first GPUs of each job that are stragglers");
    r.add_real("workload.straggler_us", Dimension::time, "us", 0, 0, 1e9,
               "fabric runs: how much longer a straggler computes before each step's sends");
    r.add_integer("workload.messages", 16, 1, 1 << 20,
                  "fabric runs, collective=uniform: messages of workload.bytes each GPU sends, all posted at the start");
    r.add_real("workload.bytes", Dimension::data_size, "B", 1048576, 1, 1e12,
               "fabric runs: the collective's size S as nccl-tests counts it (all-reduce: each GPU's buffer; "
               "allgather, gather: the gathered buffer; alltoall: each GPU's send buffer; permutation, incast: per sender; "
               "broadcast, reduce, scatter: the root's buffer; barrier: not used)");
    r.add_integer("workload.gpus", 0, 0, 1 << 20,
                  "fabric runs: GPUs in the collective, hosts 0..gpus-1; 0: every host of the fabric");
}

CollectiveConfig CollectiveConfig::from(const ParameterSet& p, int hosts) {
    CollectiveConfig c;
    const std::string& k = p.text("workload.collective");
    c.kind = k == "halving_doubling" ? CollectiveKind::halving_doubling
             : k == "hierarchical_allreduce" ? CollectiveKind::hierarchical_allreduce
             : k == "double_binary_tree" ? CollectiveKind::double_binary_tree
             : k == "allgather"      ? CollectiveKind::allgather
             : k == "reduce_scatter" ? CollectiveKind::reduce_scatter
             : k == "alltoall"       ? CollectiveKind::alltoall
             : k == "permutation"    ? CollectiveKind::permutation
             : k == "shift"          ? CollectiveKind::shift
             : k == "incast"         ? CollectiveKind::incast
             : k == "uniform"        ? CollectiveKind::uniform
             : k == "broadcast"      ? CollectiveKind::broadcast
             : k == "reduce"         ? CollectiveKind::reduce
             : k == "gather"         ? CollectiveKind::gather
             : k == "scatter"        ? CollectiveKind::scatter
             : k == "barrier"        ? CollectiveKind::barrier
                                     : CollectiveKind::ring_allreduce;
    c.bytes = p.real("workload.bytes");
    c.gpus = static_cast<int>(p.integer("workload.gpus"));
    c.messages = static_cast<int>(p.integer("workload.messages"));
    c.jobs = static_cast<int>(p.integer("workload.jobs"));
    c.gpus_per_server = static_cast<int>(p.integer("host.gpus_per_server"));
    c.tree_chunks = static_cast<int>(p.integer("workload.tree_chunks"));
    c.compute_us = p.real("workload.compute_us");
    c.stragglers = static_cast<int>(p.integer("workload.stragglers"));
    c.straggler_us = p.real("workload.straggler_us");
    const std::string origin = p.value("workload.gpus").origin;
    if (c.gpus == 0) c.gpus = hosts;
    if (c.gpus > hosts)
        throw ConfigError(origin + ": workload.gpus: " + std::to_string(c.gpus) + " GPUs, but the fabric has " +
                          std::to_string(hosts) + " hosts");
    if (c.gpus % c.jobs != 0 || c.gpus / c.jobs < 2)
        throw ConfigError(p.value("workload.jobs").origin + ": workload.jobs: " + std::to_string(c.jobs) +
                          " jobs do not split " + std::to_string(c.gpus) + " GPUs into equal jobs of at least 2");
    c.gpus /= c.jobs;  // per job from here on
    if (c.stragglers > c.gpus)
        throw ConfigError(p.value("workload.stragglers").origin + ": workload.stragglers: " +
                          std::to_string(c.stragglers) + " stragglers in a job of " + std::to_string(c.gpus) + " GPUs");
    if (c.kind == CollectiveKind::hierarchical_allreduce &&
        (c.gpus_per_server < 2 || c.gpus % c.gpus_per_server != 0 || c.gpus / c.gpus_per_server < 2))
        throw ConfigError(p.value("host.gpus_per_server").origin + ": host.gpus_per_server: hierarchical_allreduce "
                          "needs servers of at least 2 GPUs that split a job's " + std::to_string(c.gpus) +
                          " GPUs into at least 2 servers, not servers of " + std::to_string(c.gpus_per_server) +
                          " (no silent fallback: choose ring_allreduce)");
    if (c.kind == CollectiveKind::halving_doubling && (c.gpus & (c.gpus - 1)) != 0)
        throw ConfigError(origin + ": workload.gpus: halving_doubling needs a power of two GPUs, not " +
                          std::to_string(c.gpus) + " (no silent fallback to another algorithm: choose ring_allreduce)");
    const MessageSplit split = message_split(c);
    if (split.parts > 0 && static_cast<int64_t>(c.bytes / static_cast<double>(split.parts)) < 1)
        throw ConfigError(p.value("workload.bytes").origin + ": workload.bytes: " + p.value("workload.bytes").text +
                          " B over " + split.named(std::to_string(c.gpus) + " GPUs") +
                          " leaves less than a byte per message");
    return c;
}

MessageSplit message_split(const CollectiveConfig& c) {
    switch (c.kind) {
        case CollectiveKind::permutation:
        case CollectiveKind::shift:
        case CollectiveKind::incast:
        case CollectiveKind::uniform: return {1, false};
        case CollectiveKind::broadcast:
        case CollectiveKind::reduce: return {c.tree_chunks, true};
        case CollectiveKind::barrier: return {0, false};
        default: return {c.gpus, false};
    }
}

std::string MessageSplit::named(const std::string& gpus) const {
    return chunks ? std::to_string(parts) + " chunks (workload.tree_chunks)" : gpus;
}

const char* collective_name(CollectiveKind kind) {
    switch (kind) {
        case CollectiveKind::ring_allreduce: return "ring_allreduce";
        case CollectiveKind::halving_doubling: return "halving_doubling";
        case CollectiveKind::hierarchical_allreduce: return "hierarchical_allreduce";
        case CollectiveKind::double_binary_tree: return "double_binary_tree";
        case CollectiveKind::allgather: return "allgather";
        case CollectiveKind::reduce_scatter: return "reduce_scatter";
        case CollectiveKind::alltoall: return "alltoall";
        case CollectiveKind::permutation: return "permutation";
        case CollectiveKind::shift: return "shift";
        case CollectiveKind::incast: return "incast";
        case CollectiveKind::uniform: return "uniform";
        case CollectiveKind::broadcast: return "broadcast";
        case CollectiveKind::reduce: return "reduce";
        case CollectiveKind::gather: return "gather";
        case CollectiveKind::scatter: return "scatter";
        case CollectiveKind::barrier: return "barrier";
    }
    return "?";
}

void Collective::add(int src, int dst, int64_t bytes, int step) { add(src, 0, step, dst, 0, step, bytes); }

void Collective::add(int src, int src_channel, int send_step, int dst, int dst_channel, int recv_step, int64_t bytes) {
    src += base_;  // the job's ranks are hosts base_ ...
    dst += base_;
    messages_.push_back({src, dst, bytes, send_step, recv_step, src_channel, dst_channel});
}

void Collective::index_steps() {
    // A lane has as many steps as the latest it sends or awaits a message in.
    const size_t lanes = step_.size();
    std::vector<uint32_t> steps(lanes, 0);
    for (const CollectiveMessage& m : messages_) {
        uint32_t& from = steps[lane(m.src, m.src_channel)];
        uint32_t& to = steps[lane(m.dst, m.dst_channel)];
        from = std::max(from, static_cast<uint32_t>(m.step) + 1);
        to = std::max(to, static_cast<uint32_t>(m.recv_step) + 1);
    }
    step_base_.assign(lanes + 1, 0);
    for (size_t l = 0; l < lanes; ++l) step_base_[l + 1] = step_base_[l] + steps[l];
    const size_t total = step_base_[lanes];
    expected_.assign(total, 0);
    received_.assign(total, 0);
    send_begin_.assign(total + 1, 0);
    for (const CollectiveMessage& m : messages_) {
        ++send_begin_[step_base_[lane(m.src, m.src_channel)] + static_cast<uint32_t>(m.step) + 1];
        ++expected_[step_base_[lane(m.dst, m.dst_channel)] + static_cast<uint32_t>(m.recv_step)];
    }
    for (size_t k = 0; k < total; ++k) send_begin_[k + 1] += send_begin_[k];
    send_list_.resize(messages_.size());
    std::vector<uint32_t> next(send_begin_.begin(), send_begin_.end() - 1);  // each step's next free place
    for (uint32_t i = 0; i < messages_.size(); ++i) {  // in the order added
        const CollectiveMessage& m = messages_[i];
        send_list_[next[step_base_[lane(m.src, m.src_channel)] + static_cast<uint32_t>(m.step)]++] = i;
    }
    for (size_t l = 0; l < lanes; ++l)
        if (steps[l] > 0) ++lanes_left_[l / static_cast<size_t>(channels_)];
}

void Collective::double_binary_tree(int64_t S) {
    // Tree 0: the in-order binary tree over positions 0..n-1 (its root the middle, its
    // leaves the even positions); tree 1: the same with every rank one position on, so the
    // odd ranks are its leaves. Channels per tree: reduce (2 t) and broadcast (2 t + 1).
    const int n = n_, K = config_.tree_chunks;
    std::vector<int> parent(static_cast<size_t>(n), -1);
    std::vector<std::vector<int>> children(static_cast<size_t>(n));
    std::function<int(int, int, int)> build_tree = [&](int lo, int hi, int up) {
        if (lo > hi) return -1;
        const int mid = (lo + hi) / 2;
        parent[static_cast<size_t>(mid)] = up;
        for (int c : {build_tree(lo, mid - 1, mid), build_tree(mid + 1, hi, mid)})
            if (c >= 0) children[static_cast<size_t>(mid)].push_back(c);
        return mid;
    };
    const int root = build_tree(0, n - 1, -1);
    const int64_t chunk = std::max<int64_t>(1, S / 2 / K);
    for (int t = 0; t < 2; ++t) {
        auto rank = [&](int pos) { return (pos + t) % n; };
        const int reduce = 2 * t, bcast = 2 * t + 1;
        for (int pos = 0; pos < n; ++pos) {
            const bool leaf = children[static_cast<size_t>(pos)].empty();
            for (int k = 0; k < K; ++k) {
                // Up: a leaf sends chunk k in its step k; an inner node once it has its
                // children's chunk k (awaited in its step k), in its step k + 1.
                if (pos != root)
                    add(rank(pos), reduce, leaf ? k : k + 1, rank(parent[static_cast<size_t>(pos)]), reduce, k, chunk);
                // Down: the root sends the reduced chunk k in its reduce step k + 1; an inner
                // node forwards it in its broadcast step k + 1, having awaited it in step k.
                for (int c : children[static_cast<size_t>(pos)])
                    add(rank(pos), pos == root ? reduce : bcast, k + 1, rank(c), bcast, k, chunk);
            }
        }
    }
}

void Collective::chain(const std::vector<int>& order, int64_t S) {
    // Chunk k leaves order[0] in its step k (all at once: its NIC sends them in turn); rank
    // order[p] awaits it in its step k and passes it on in its step k + 1, so it forwards
    // each chunk as soon as it has it whole, while the next is still coming.
    // The last chunk carries what S / K leaves over, so the chain moves S.
    const int K = config_.tree_chunks;
    const int64_t chunk = S / K;
    for (int k = 0; k < K; ++k)
        for (size_t p = 0; p + 1 < order.size(); ++p)
            add(order[p], 0, p == 0 ? k : k + 1, order[p + 1], 0, k, k + 1 < K ? chunk : S - (K - 1) * chunk);
}

Collective::Collective(const CollectiveConfig& config, uint64_t seed)
    : config_(config), n_(config.gpus), jobs_(config.jobs), job_ranks_done_(static_cast<size_t>(config.jobs), 0),
      channels_(config.kind == CollectiveKind::double_binary_tree ? 4 : 1),
      step_(static_cast<size_t>(n_ * jobs_ * channels_), 0), lanes_left_(static_cast<size_t>(n_ * jobs_), 0),
      started_(lanes_left_.size(), 0) {
    for (int job = 0; job < jobs_; ++job) {
        base_ = job * n_;
        build(seed + static_cast<uint64_t>(job));
    }
    index_steps();
}

void Collective::build(uint64_t seed) {
    const CollectiveConfig& config = config_;
    const int n = n_;
    const int64_t S = static_cast<int64_t>(config.bytes);
    const int64_t chunk = S / n;
    switch (config.kind) {
        case CollectiveKind::ring_allreduce:
            for (int s = 0; s < 2 * (n - 1); ++s)
                for (int r = 0; r < n; ++r) add(r, (r + 1) % n, chunk, s);
            break;
        case CollectiveKind::hierarchical_allreduce: {
            const int g = config.gpus_per_server, m = n / g;
            auto in_server = [&](int r) { return r / g * g + (r % g + 1) % g; };  // the next GPU of r's server
            auto across = [&](int r) { return (r / g + 1) % m * g + r % g; };    // r's place in the next server
            int step = 0;
            for (int s = 0; s < g - 1; ++s, ++step)
                for (int r = 0; r < n; ++r) add(r, in_server(r), S / g, step);
            for (int s = 0; s < 2 * (m - 1); ++s, ++step)
                for (int r = 0; r < n; ++r) add(r, across(r), S / n, step);
            for (int s = 0; s < g - 1; ++s, ++step)
                for (int r = 0; r < n; ++r) add(r, in_server(r), S / g, step);
            break;
        }
        case CollectiveKind::double_binary_tree: double_binary_tree(S); break;
        case CollectiveKind::allgather:
        case CollectiveKind::reduce_scatter:
            for (int s = 0; s < n - 1; ++s)
                for (int r = 0; r < n; ++r) add(r, (r + 1) % n, chunk, s);
            break;
        case CollectiveKind::halving_doubling: {
            int log_n = 0;
            while ((1 << log_n) < n) ++log_n;
            for (int s = 0; s < log_n; ++s)  // reduce-scatter: halves of what is left
                for (int r = 0; r < n; ++r) add(r, r ^ (n >> (s + 1)), S >> (s + 1), s);
            for (int s = 0; s < log_n; ++s)  // all-gather: doubling back
                for (int r = 0; r < n; ++r) add(r, r ^ (1 << s), (S / n) << s, log_n + s);
            break;
        }
        case CollectiveKind::alltoall:
            for (int r = 0; r < n; ++r)
                for (int k = 1; k < n; ++k) add(r, (r + k) % n, chunk, 0);  // each starts with a different peer
            break;
        case CollectiveKind::permutation: {
            std::vector<int> to(static_cast<size_t>(n));  // a random derangement (Sattolo: one cycle)
            std::iota(to.begin(), to.end(), 0);
            Random rng(seed, 0xC011EC7ull);
            for (int i = n - 1; i > 0; --i) std::swap(to[static_cast<size_t>(i)], to[rng.below(static_cast<uint32_t>(i))]);
            for (int r = 0; r < n; ++r) add(r, to[static_cast<size_t>(r)], S, 0);
            break;
        }
        case CollectiveKind::shift:
            for (int r = 0; r < n; ++r) add(r, (r + n / 2) % n, S, 0);
            break;
        case CollectiveKind::incast:
            for (int r = 1; r < n; ++r) add(r, 0, S, 0);
            break;
        case CollectiveKind::broadcast:
        case CollectiveKind::reduce: {
            std::vector<int> order(static_cast<size_t>(n));  // from the root; reduce: to it
            std::iota(order.begin(), order.end(), 0);
            if (config.kind == CollectiveKind::reduce) std::reverse(order.begin(), order.end());
            chain(order, S);
            break;
        }
        case CollectiveKind::gather:
            for (int r = 1; r < n; ++r) add(r, 0, chunk, 0);
            break;
        case CollectiveKind::scatter:
            for (int r = 1; r < n; ++r) add(0, r, chunk, 0);
            break;
        case CollectiveKind::barrier:
            for (int s = 0; (1 << s) < n; ++s)
                for (int r = 0; r < n; ++r) add(r, (r + (1 << s)) % n, 1, s);
            break;
        case CollectiveKind::uniform: {
            Random rng(seed, 0x0F1F0ull);
            for (int r = 0; r < n; ++r)
                for (int k = 0; k < config.messages; ++k) {
                    const int other = static_cast<int>(rng.below(static_cast<uint32_t>(n - 1)));
                    add(r, other >= r ? other + 1 : other, S, 0);
                }
            break;
        }
    }
}

void Collective::post_step(size_t l, std::vector<uint32_t>& out) {
    // Post the current step's sends, then move past every step whose receives are complete
    // (or that awaits none), posting the next step's sends each time.
    const int steps = lane_steps(l);
    int& s = step_[l];
    while (true) {
        if (s >= steps) return;
        const size_t k = step_base_[l] + static_cast<size_t>(s);
        out.insert(out.end(), send_list_.begin() + send_begin_[k], send_list_.begin() + send_begin_[k + 1]);
        if (received_[k] < expected_[k]) return;
        ++s;
        if (s == steps) {
            lane_done(l);
            return;
        }
    }
}

std::vector<uint32_t> Collective::start() {
    std::vector<uint32_t> out;
    std::fill(started_.begin(), started_.end(), 1);
    for (size_t l = 0; l < step_.size(); ++l) post_step(l, out);
    return out;
}

std::vector<uint32_t> Collective::start_rank(int rank) {
    std::vector<uint32_t> out;
    started_[static_cast<size_t>(rank)] = 1;
    for (int c = 0; c < channels_; ++c) post_step(lane(rank, c), out);
    return out;
}

std::vector<uint32_t> Collective::delivered(uint32_t m) {
    std::vector<uint32_t> out;
    const CollectiveMessage& msg = messages_[m];
    const size_t l = lane(msg.dst, msg.dst_channel);
    const size_t base = step_base_[l];
    ++received_[base + static_cast<size_t>(msg.recv_step)];
    if (!started_[static_cast<size_t>(msg.dst)]) return out;  // counted; it goes on when it starts
    int& s = step_[l];
    const int steps = lane_steps(l);
    // The lane waits in step s; a message of a later step just counts until it gets there.
    while (s < steps && received_[base + static_cast<size_t>(s)] == expected_[base + static_cast<size_t>(s)]) {
        ++s;
        if (s == steps) {
            lane_done(l);
            break;
        }
        const size_t k = base + static_cast<size_t>(s);
        out.insert(out.end(), send_list_.begin() + send_begin_[k], send_list_.begin() + send_begin_[k + 1]);
    }
    return out;
}

double Collective::bus_factor() const {
    const double n = n_;
    switch (config_.kind) {
        case CollectiveKind::ring_allreduce:
        case CollectiveKind::halving_doubling:
        case CollectiveKind::hierarchical_allreduce:
        case CollectiveKind::double_binary_tree: return 2.0 * (n - 1) / n;
        case CollectiveKind::allgather:
        case CollectiveKind::reduce_scatter:
        case CollectiveKind::alltoall: return (n - 1) / n;
        case CollectiveKind::permutation:
        case CollectiveKind::shift:
        case CollectiveKind::incast:
        case CollectiveKind::uniform:
        case CollectiveKind::broadcast:  // nccl-tests: busbw = algbw for broadcast and reduce
        case CollectiveKind::reduce: return 1.0;
        case CollectiveKind::gather:  // nccl-tests' gather and scatter: (n-1)/n
        case CollectiveKind::scatter: return (n - 1) / n;
        case CollectiveKind::barrier: return 0.0;  // no data, no bandwidth
    }
    return 1.0;
}

void Collective::lane_done(size_t l) {
    const int rank = static_cast<int>(l / static_cast<size_t>(channels_));
    if (--lanes_left_[static_cast<size_t>(rank)] == 0) rank_done(rank);
}

void Collective::rank_done(int rank) {
    ++ranks_done_;
    ++job_ranks_done_[static_cast<size_t>(job_of(rank))];
}

TimePs Collective::compute_delay_ps(int rank) const {
    double us = config_.compute_us;
    if (rank % n_ < config_.stragglers) us += config_.straggler_us;
    return static_cast<TimePs>(std::llround(us * 1e6));
}

double Collective::algbw_bytes() const {
    if (config_.kind == CollectiveKind::barrier) return 0.0;
    return config_.kind == CollectiveKind::uniform ? config_.bytes * config_.messages : config_.bytes;
}

}  // namespace cposim
