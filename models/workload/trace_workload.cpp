#include "trace_workload.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <map>
#include <unordered_map>

#include "errors.h"

namespace cposim {

namespace {

// The fabric's algorithm for a Chakra collective type; ConfigError for one not modelled.
CollectiveKind kind_for(int comm_type, CollectiveKind allreduce, const std::string& where) {
    switch (static_cast<ChakraCollective>(comm_type)) {
        case ChakraCollective::all_reduce: return allreduce;
        case ChakraCollective::all_gather: return CollectiveKind::allgather;
        case ChakraCollective::reduce_scatter:
        case ChakraCollective::reduce_scatter_block: return CollectiveKind::reduce_scatter;
        case ChakraCollective::all_to_all: return CollectiveKind::alltoall;
        case ChakraCollective::broadcast: return CollectiveKind::broadcast;
        case ChakraCollective::reduce: return CollectiveKind::reduce;
        case ChakraCollective::gather: return CollectiveKind::gather;
        case ChakraCollective::scatter: return CollectiveKind::scatter;
        case ChakraCollective::barrier: return CollectiveKind::barrier;
    }
    throw ConfigError(where + ": comm_type " + std::to_string(comm_type) +
                      " is not a Chakra collective (0 ALL_REDUCE to 9 BARRIER; docs/fabric.md)");
}

}  // namespace

void TraceWorkloadConfig::declare_parameters(ParameterRegistry& r) {
    r.add_text("workload.trace", "",
               "fabric runs: a Chakra execution trace to run instead of workload.collective: the files "
               "<prefix>.<rank>.et, rank r on host r (docs/fabric.md); paths relative to the working directory");
    r.add_choice("workload.trace_allreduce", "ring_allreduce",
                 {"ring_allreduce", "halving_doubling", "hierarchical_allreduce", "double_binary_tree"},
                 "fabric runs with workload.trace: the algorithm that runs the trace's ALL_REDUCE collectives");
}

TraceWorkloadConfig TraceWorkloadConfig::from(const ParameterSet& p) {
    TraceWorkloadConfig c;
    const std::string& k = p.text("workload.trace_allreduce");
    c.allreduce = k == "halving_doubling"         ? CollectiveKind::halving_doubling
                  : k == "hierarchical_allreduce" ? CollectiveKind::hierarchical_allreduce
                  : k == "double_binary_tree"     ? CollectiveKind::double_binary_tree
                                                  : CollectiveKind::ring_allreduce;
    c.tree_chunks = static_cast<int>(p.integer("workload.tree_chunks"));
    c.gpus_per_server = static_cast<int>(p.integer("host.gpus_per_server"));
    return c;
}

std::string TraceWorkload::where(int rank, uint32_t i) const {
    const TraceNode& n = *nodes_[static_cast<size_t>(rank)][i].trace;
    return ranks_[static_cast<size_t>(rank)]->file + ": node " + std::to_string(n.id) +
           (n.name.empty() ? "" : " (" + n.name + ")");
}

TraceWorkload::TraceWorkload(const ChakraTrace& trace, const TraceWorkloadConfig& config, int hosts, uint64_t seed)
    : prefix_(trace.prefix) {
    if (static_cast<int>(trace.ranks.size()) > hosts)
        throw ConfigError(trace.prefix + ": a trace of " + std::to_string(trace.ranks.size()) +
                          " ranks, but the fabric has " + std::to_string(hosts) + " hosts");
    for (const ChakraRankTrace& r : trace.ranks) ranks_.push_back(&r);
    nodes_.resize(ranks_.size());
    for (size_t r = 0; r < ranks_.size(); ++r) {
        const auto& tn = ranks_[r]->nodes;
        auto& nodes = nodes_[r];
        nodes.resize(tn.size());
        std::unordered_map<uint64_t, uint32_t> index;
        for (size_t i = 0; i < tn.size(); ++i) {
            nodes[i].trace = &tn[i];
            if (!index.emplace(tn[i].id, static_cast<uint32_t>(i)).second)
                throw ConfigError(where(static_cast<int>(r), static_cast<uint32_t>(i)) + ": a second node with this id");
        }
        for (size_t i = 0; i < tn.size(); ++i)
            for (uint64_t d : tn[i].deps) {
                const auto it = index.find(d);
                if (it == index.end())
                    throw ConfigError(where(static_cast<int>(r), static_cast<uint32_t>(i)) + ": depends on node " +
                                      std::to_string(d) + ", which the file does not have");
                nodes[it->second].dependants.push_back(static_cast<uint32_t>(i));
                ++nodes[i].pending;
            }
        check_acyclic(static_cast<int>(r));
        nodes_total_ += static_cast<int64_t>(tn.size());
        double compute_us = 0;  // a chain of delays adds up: keep its times within int64 picoseconds
        for (const TraceNode& n : tn) compute_us += n.duration_us;
        if (compute_us > 1e12)
            throw ConfigError(ranks_[r]->file + ": its delay nodes add up to " + std::to_string(compute_us) +
                              " us, beyond the 1e12 us (11.6 days) a run can hold");
    }
    build_groups(config, seed);
    build_point_to_point();
}

void TraceWorkload::check_acyclic(int rank) const {
    const auto& nodes = nodes_[static_cast<size_t>(rank)];
    std::vector<int> pending(nodes.size());
    std::vector<uint32_t> ready;
    for (size_t i = 0; i < nodes.size(); ++i)
        if ((pending[i] = nodes[i].pending) == 0) ready.push_back(static_cast<uint32_t>(i));
    size_t seen = 0;
    while (!ready.empty()) {
        const uint32_t i = ready.back();
        ready.pop_back();
        ++seen;
        for (uint32_t d : nodes[i].dependants)
            if (--pending[d] == 0) ready.push_back(d);
    }
    if (seen == nodes.size()) return;
    for (size_t i = 0; i < nodes.size(); ++i)
        if (pending[i] > 0)
            throw ConfigError(where(rank, static_cast<uint32_t>(i)) + ": on a dependency cycle (or behind one); " +
                              std::to_string(nodes.size() - seen) + " nodes of the rank can never start");
}

void TraceWorkload::build_groups(const TraceWorkloadConfig& config, uint64_t seed) {
    // The k-th collective node of process group g on each rank: (rank, node) members.
    std::map<std::string, std::vector<std::vector<std::pair<int, uint32_t>>>> instances;
    for (size_t r = 0; r < nodes_.size(); ++r) {
        std::map<std::string, size_t> seen;
        for (size_t i = 0; i < nodes_[r].size(); ++i) {
            const TraceNode& n = *nodes_[r][i].trace;
            if (n.kind != TraceNodeKind::collective) continue;
            auto& list = instances[n.pg_name];
            const size_t k = seen[n.pg_name]++;
            if (list.size() <= k) list.resize(k + 1);
            list[k].push_back({static_cast<int>(r), static_cast<uint32_t>(i)});
        }
    }
    for (auto& [pg, list] : instances)
        for (size_t k = 0; k < list.size(); ++k) {
            const auto& members = list[k];
            const auto [r0, i0] = members.front();
            const TraceNode& first = *nodes_[static_cast<size_t>(r0)][i0].trace;
            const std::string at = where(r0, i0);
            const std::string which = "collective " + std::to_string(k) + " of process group '" + pg + "'";
            if (members.size() < 2)
                throw ConfigError(at + ": " + which + " is on rank " + std::to_string(r0) +
                                  " alone (the other ranks' traces have fewer collectives in this group)");
            for (const auto& [r, i] : members) {
                const TraceNode& n = *nodes_[static_cast<size_t>(r)][i].trace;
                const bool barrier = first.comm_type == static_cast<int>(ChakraCollective::barrier);
                if (n.comm_type != first.comm_type || (n.comm_size != first.comm_size && !barrier))
                    throw ConfigError(where(r, i) + ": " + which + " is " + chakra_collective_name(n.comm_type) + " of " +
                                      std::to_string(n.comm_size) + " B here but " +
                                      chakra_collective_name(first.comm_type) + " of " +
                                      std::to_string(first.comm_size) + " B at " + at);
            }
            CollectiveConfig c;
            c.kind = kind_for(first.comm_type, config.allreduce, at);
            c.bytes = static_cast<double>(first.comm_size);
            c.gpus = static_cast<int>(members.size());
            c.tree_chunks = config.tree_chunks;
            c.gpus_per_server = config.gpus_per_server;
            const int n = c.gpus;
            if (c.kind == CollectiveKind::halving_doubling && (n & (n - 1)) != 0)
                throw ConfigError(at + ": workload.trace_allreduce: halving_doubling needs a power of two ranks, and " +
                                  which + " has " + std::to_string(n) + " (no silent fallback: choose ring_allreduce)");
            if (c.kind == CollectiveKind::hierarchical_allreduce &&
                (c.gpus_per_server < 2 || n % c.gpus_per_server != 0 || n / c.gpus_per_server < 2))
                throw ConfigError(at + ": workload.trace_allreduce: hierarchical_allreduce needs servers of "
                                  "host.gpus_per_server >= 2 GPUs that split the " + std::to_string(n) +
                                  " ranks of " + which + " into at least 2 servers");
            // The root of a broadcast, reduce, gather or scatter is the group's first rank
            // (Chakra's nodes carry no root). A barrier moves no data, whatever comm_size.
            const MessageSplit split = message_split(c);
            if (split.parts > 0 && first.comm_size / split.parts < 1)
                throw ConfigError(at + ": comm_size " + std::to_string(first.comm_size) + " B over " +
                                  split.named(std::to_string(n) + " ranks") + " leaves less than a byte per message");
            Group g;
            g.pg = pg;
            g.index = static_cast<int>(k);
            g.comm_type = first.comm_type;
            g.collective = std::make_unique<Collective>(c, seed + groups_.size());
            g.first_message = static_cast<uint32_t>(messages_.size());
            for (const auto& [r, i] : members) {
                g.ranks.push_back(r);
                g.node.push_back(i);
                nodes_[static_cast<size_t>(r)][i].group = static_cast<int>(groups_.size());
            }
            g.started_at.assign(members.size(), -1);
            g.latest_delivery.assign(members.size(), -1);
            g.sends_in_flight.assign(members.size(), 0);
            for (const CollectiveMessage& m : g.collective->messages()) ++g.sends_in_flight[static_cast<size_t>(m.src)];
            const auto& local = g.collective->messages();
            for (uint32_t m = 0; m < local.size(); ++m) {
                CollectiveMessage msg = local[m];
                msg.src = g.ranks[static_cast<size_t>(msg.src)];
                msg.dst = g.ranks[static_cast<size_t>(msg.dst)];
                messages_.push_back(msg);
                origin_.push_back({static_cast<int>(groups_.size()), m});
            }
            groups_.push_back(std::move(g));
        }
}

void TraceWorkload::build_point_to_point() {
    // Sends and recvs matched in their order per (source, destination, tag).
    struct Key {
        int src, dst;
        int64_t tag;
        bool operator<(const Key& o) const { return std::tie(src, dst, tag) < std::tie(o.src, o.dst, o.tag); }
    };
    std::map<Key, std::vector<uint32_t>> sends, recvs;
    const int ranks = static_cast<int>(nodes_.size());
    for (int r = 0; r < ranks; ++r)
        for (uint32_t i = 0; i < nodes_[static_cast<size_t>(r)].size(); ++i) {
            const TraceNode& n = *nodes_[static_cast<size_t>(r)][i].trace;
            if (n.kind != TraceNodeKind::send && n.kind != TraceNodeKind::recv) continue;
            const int peer = n.kind == TraceNodeKind::send ? n.comm_dst : n.comm_src;
            if (peer >= ranks || peer == r)
                throw ConfigError(where(r, i) + ": " + (n.kind == TraceNodeKind::send ? "comm_dst " : "comm_src ") +
                                  std::to_string(peer) + (peer == r ? " is its own rank" : " is beyond the trace's " + std::to_string(ranks) + " ranks"));
            (n.kind == TraceNodeKind::send ? sends : recvs)[{n.comm_src, n.comm_dst, n.comm_tag}].push_back(i);
        }
    auto unmatched = [&](int rank, uint32_t i, const char* missing) {
        return ConfigError(where(rank, i) + ": no matching " + missing + " (sends and recvs pair up in order per "
                           "source, destination and comm_tag)");
    };
    for (const auto& [key, list] : sends) {
        const auto it = recvs.find(key);
        const size_t matched = it == recvs.end() ? 0 : it->second.size();
        for (size_t k = 0; k < list.size(); ++k) {
            if (k >= matched) throw unmatched(key.src, list[k], "recv");
            const uint32_t s = list[k], r = it->second[k];
            const TraceNode& send = *nodes_[static_cast<size_t>(key.src)][s].trace;
            const TraceNode& recv = *nodes_[static_cast<size_t>(key.dst)][r].trace;
            if (send.comm_size != recv.comm_size)
                throw ConfigError(where(key.dst, r) + ": receives " + std::to_string(recv.comm_size) + " B, but its send " +
                                  where(key.src, s) + " sends " + std::to_string(send.comm_size) + " B");
            nodes_[static_cast<size_t>(key.src)][s].message = static_cast<uint32_t>(messages_.size());
            nodes_[static_cast<size_t>(key.dst)][r].message = static_cast<uint32_t>(messages_.size());
            origin_.push_back({-1, static_cast<uint32_t>(p2p_.size())});
            p2p_.push_back({key.src, key.dst, s, r, -1});
            CollectiveMessage msg;
            msg.src = key.src;
            msg.dst = key.dst;
            msg.bytes = send.comm_size;
            messages_.push_back(msg);
        }
        if (matched > list.size()) throw unmatched(key.dst, it->second[list.size()], "send");
    }
    for (const auto& [key, list] : recvs)
        if (!sends.count(key)) throw unmatched(key.dst, list.front(), "send");
}

std::vector<MessagePost> TraceWorkload::start() {
    std::vector<MessagePost> out;
    for (size_t r = 0; r < nodes_.size(); ++r)
        for (uint32_t i = 0; i < nodes_[r].size(); ++i)
            if (nodes_[r][i].pending == 0) start_node(static_cast<int>(r), i, 0, out);
    run_completions(0, out);
    return out;
}

void TraceWorkload::start_node(int rank, uint32_t i, TimePs now, std::vector<MessagePost>& out) {
    Node& n = nodes_[static_cast<size_t>(rank)][i];
    n.started = true;
    const TimePs at = n.ready;
    switch (n.trace->kind) {
        case TraceNodeKind::delay:
            completions_.push_back({rank, i, at + static_cast<TimePs>(std::llround(n.trace->duration_us * 1e6))});
            break;
        case TraceNodeKind::send: out.push_back({n.message, at - now}); break;
        case TraceNodeKind::recv: {
            const TimePs arrived = p2p_[origin_[n.message].index].delivered;
            if (arrived >= 0) completions_.push_back({rank, i, std::max(at, arrived)});
            break;
        }
        case TraceNodeKind::collective: {
            Group& g = groups_[static_cast<size_t>(n.group)];
            const int local = static_cast<int>(std::find(g.ranks.begin(), g.ranks.end(), rank) - g.ranks.begin());
            g.started_at[static_cast<size_t>(local)] = at;
            for (uint32_t m : g.collective->start_rank(local)) out.push_back({g.first_message + m, at - now});
            if (part_complete(g, local)) complete_group_part(g, local);
            break;
        }
    }
}

bool TraceWorkload::part_complete(const Group& g, int local) {
    return g.collective->rank_complete(local) && g.sends_in_flight[static_cast<size_t>(local)] == 0;
}

void TraceWorkload::complete_group_part(Group& g, int local) {
    const auto l = static_cast<size_t>(local);
    completions_.push_back({g.ranks[l], g.node[l], std::max(g.started_at[l], g.latest_delivery[l])});
}

void TraceWorkload::run_completions(TimePs now, std::vector<MessagePost>& out) {
    while (!completions_.empty()) {
        const Completion c = completions_.back();
        completions_.pop_back();
        Node& n = nodes_[static_cast<size_t>(c.rank)][c.node];
        n.finished = c.at;
        ++nodes_done_;
        last_finish_ = std::max(last_finish_, c.at);
        for (uint32_t d : n.dependants) {
            Node& next = nodes_[static_cast<size_t>(c.rank)][d];
            next.ready = std::max(next.ready, c.at);
            if (--next.pending == 0) start_node(c.rank, d, now, out);
        }
    }
}

std::vector<MessagePost> TraceWorkload::delivered(uint32_t m, TimePs t) {
    std::vector<MessagePost> out;
    const Origin o = origin_[m];
    if (o.group < 0) {
        PointToPoint& p = p2p_[o.index];
        p.delivered = t;
        completions_.push_back({p.src, p.send_node, t});  // a send completes when its message has arrived
        const Node& recv = nodes_[static_cast<size_t>(p.dst)][p.recv_node];
        if (recv.started) completions_.push_back({p.dst, p.recv_node, std::max(recv.ready, t)});
    } else {
        Group& g = groups_[static_cast<size_t>(o.group)];
        const int local = g.collective->messages()[o.index].dst, sender = g.collective->messages()[o.index].src;
        const auto l = static_cast<size_t>(local), s = static_cast<size_t>(sender);
        const bool receiver_was_complete = part_complete(g, local), sender_was_complete = part_complete(g, sender);
        g.latest_delivery[l] = std::max(g.latest_delivery[l], t);
        g.latest_delivery[s] = std::max(g.latest_delivery[s], t);
        --g.sends_in_flight[s];
        // The receiver's next step goes out once it has both the data and reached the collective.
        for (uint32_t next : g.collective->delivered(o.index))
            out.push_back({g.first_message + next, std::max(t, g.started_at[l]) - t});
        if (!receiver_was_complete && part_complete(g, local) && g.started_at[l] >= 0) complete_group_part(g, local);
        if (!sender_was_complete && part_complete(g, sender)) complete_group_part(g, sender);  // (it started: it sent)
    }
    run_completions(t, out);
    return out;
}

void TraceWorkload::write_summary(nlohmann::json& out, const std::vector<TimePs>&, const std::vector<TimePs>&) const {
    int64_t delays = 0, bytes = 0;
    double busiest_compute_us = 0;
    for (size_t r = 0; r < nodes_.size(); ++r) {
        double compute_us = 0;
        for (const Node& n : nodes_[r])
            if (n.trace->kind == TraceNodeKind::delay) {
                ++delays;
                compute_us += n.trace->duration_us;
            }
        busiest_compute_us = std::max(busiest_compute_us, compute_us);
    }
    nlohmann::json collectives = nlohmann::json::array();
    for (const Group& g : groups_) {
        TimePs start = INT64_MAX, end = -1;
        bool done = true;
        for (size_t l = 0; l < g.ranks.size(); ++l) {
            const Node& n = nodes_[static_cast<size_t>(g.ranks[l])][g.node[l]];
            if (g.started_at[l] >= 0) start = std::min(start, g.started_at[l]);
            done = done && n.finished >= 0;
            end = std::max(end, n.finished);
        }
        const Node& first = nodes_[static_cast<size_t>(g.ranks.front())][g.node.front()];
        bytes += first.trace->comm_size;
        const double seconds = done ? static_cast<double>(end - start) * 1e-12 : 0.0;
        const double algbw = seconds > 0 ? g.collective->algbw_bytes() * 8.0 / seconds * 1e-9 : 0.0;
        auto or_null = [&](double v) { return done ? nlohmann::json(v) : nlohmann::json(nullptr); };
        const bool moves_data = g.collective->algbw_bytes() > 0;  // a barrier has no bandwidth
        collectives.push_back({{"process_group", g.pg},
                               {"index", g.index},
                               {"node", first.trace->id},
                               {"name", first.trace->name},
                               {"type", chakra_collective_name(g.comm_type)},
                               {"algorithm", collective_name(g.collective->config().kind)},
                               {"ranks", static_cast<int64_t>(g.ranks.size())},
                               {"bytes", first.trace->comm_size},
                               {"start_us", start == INT64_MAX ? nlohmann::json(nullptr) : nlohmann::json(static_cast<double>(start) * 1e-6)},
                               {"end_us", or_null(static_cast<double>(end) * 1e-6)},
                               {"duration_us", or_null(seconds * 1e6)},
                               {"algbw_gbps", moves_data ? or_null(algbw) : nullptr},
                               {"busbw_gbps", moves_data ? or_null(algbw * g.collective->bus_factor()) : nullptr}});
    }
    for (size_t m = 0; m < messages_.size(); ++m)
        if (origin_[m].group < 0) bytes += messages_[m].bytes;
    // Nodes that never completed (a run that ended early, or ranks waiting on each other).
    nlohmann::json waiting = nlohmann::json::array();
    for (size_t r = 0; r < nodes_.size() && waiting.size() < 8; ++r)
        for (uint32_t i = 0; i < nodes_[r].size() && waiting.size() < 8; ++i)
            if (nodes_[r][i].started && nodes_[r][i].finished < 0) waiting.push_back(where(static_cast<int>(r), i));
    out["name"] = "chakra_trace";
    out["gpus"] = ranks();
    out["bytes"] = bytes;
    out["algbw_gbps"] = nullptr;
    out["busbw_gbps"] = nullptr;
    out["bus_factor"] = nullptr;
    out["trace"] = {{"prefix", prefix_},
                    {"ranks", ranks()},
                    {"nodes", nodes_total_},
                    {"nodes_completed", nodes_done_},
                    {"delay_nodes", delays},
                    {"compute_us_busiest_rank", busiest_compute_us},
                    {"point_to_point_messages", static_cast<int64_t>(p2p_.size())},
                    {"collectives", collectives},
                    {"waiting", waiting}};
}

}  // namespace cposim
