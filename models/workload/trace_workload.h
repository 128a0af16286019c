// Chakra execution traces as a workload (chakra_trace.h reads them): rank r of the trace is
// host r. Each rank runs its nodes in their dependency order: a node starts once every node
// it depends on has completed, and
//   a delay node (compute, memory, ...) completes duration_micros after it starts;
//   a send posts its message when it starts and completes when the message has arrived;
//   a recv completes once it has started and its message has arrived (the k-th send from s to
//     d with tag t is the k-th recv at d from s with tag t);
//   a collective starts that rank's part of it: the k-th collective node of process group g on
//     every rank that has one is one collective among those ranks, run as the fabric's own
//     algorithm (ALL_REDUCE: workload.trace_allreduce; ALL_GATHER, REDUCE_SCATTER: rings;
//     ALL_TO_ALL: every pair; BROADCAST, REDUCE, GATHER, SCATTER, BARRIER: the collectives of
//     those names, their root the group's first rank); a rank's part completes when it has
//     received everything its steps await.
// The trace completes when every node of every rank has; its completion time is the last
// node's. Times derived from compute are exact in picoseconds whatever the order deliveries
// are reported in.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chakra_trace.h"
#include "collective.h"
#include "parameters.h"
#include "workload.h"

namespace cposim {

struct TraceWorkloadConfig {
    CollectiveKind allreduce = CollectiveKind::ring_allreduce;  ///< workload.trace_allreduce
    int tree_chunks = 8;       ///< workload.tree_chunks
    int gpus_per_server = 1;   ///< host.gpus_per_server (hierarchical)

    /// workload.trace (the files' prefix) and workload.trace_allreduce.
    static void declare_parameters(ParameterRegistry& r);
    static TraceWorkloadConfig from(const ParameterSet& p);
};

class TraceWorkload : public Workload {
public:
    /// trace: kept by the caller for the run. hosts: the fabric's; throws ConfigError naming the file and node for what cannot run
    /// (a rank beyond the hosts, an unmatched send or recv, a collective type not modelled,
    /// a dependency on a missing node, a dependency cycle).
    TraceWorkload(const ChakraTrace& trace, const TraceWorkloadConfig& config, int hosts, uint64_t seed);

    const std::vector<CollectiveMessage>& messages() const override { return messages_; }
    int ranks() const override { return static_cast<int>(ranks_.size()); }
    std::vector<MessagePost> start() override;
    std::vector<MessagePost> delivered(uint32_t m, TimePs t) override;
    bool complete() const override { return nodes_done_ == nodes_total_; }
    TimePs completed_at() const override { return complete() ? last_finish_ : -1; }
    /// name chakra_trace; the trace's nodes, compute, and each collective's start, end and
    /// bandwidths.
    void write_summary(nlohmann::json& collective, const std::vector<TimePs>& posted,
                       const std::vector<TimePs>& delivered) const override;

private:
    struct Node {
        const TraceNode* trace = nullptr;
        std::vector<uint32_t> dependants;  // indices in the rank's nodes
        int pending = 0;                   // dependencies not yet complete
        TimePs ready = 0;                  // the latest of their completions
        bool started = false;
        TimePs finished = -1;
        int group = -1;                    // collective: its group
        uint32_t message = UINT32_MAX;     // send, recv: its message
    };
    struct Group {  // one collective among some ranks
        std::string pg;
        int index = 0;  // the how-manieth of its process group
        int comm_type = 0;
        std::unique_ptr<Collective> collective;
        std::vector<int> ranks;        // local -> rank
        std::vector<uint32_t> node;    // local -> its node on that rank
        // Per local: when it reached the collective; the latest arrival of a message it
        // received or sent; its own messages not yet arrived (its part completes when it has
        // what its steps await and what it sent has arrived, as a send node does).
        std::vector<TimePs> started_at, latest_delivery;
        std::vector<int> sends_in_flight;
        uint32_t first_message = 0;
    };
    struct PointToPoint {
        int src = 0, dst = 0;
        uint32_t send_node = 0, recv_node = 0;
        TimePs delivered = -1;
    };
    struct Origin {
        int group = -1;      // -1: point to point
        uint32_t index = 0;  // the group's local message, or the point-to-point's
    };
    struct Completion {
        int rank;
        uint32_t node;
        TimePs at;
    };

    void build_groups(const TraceWorkloadConfig& config, uint64_t seed);
    void build_point_to_point();
    void check_acyclic(int rank) const;
    void start_node(int rank, uint32_t i, TimePs now, std::vector<MessagePost>& out);
    void run_completions(TimePs now, std::vector<MessagePost>& out);
    static bool part_complete(const Group& g, int local);  // it has what its steps await, and what it sent has arrived
    void complete_group_part(Group& g, int local);
    std::string where(int rank, uint32_t i) const;

    std::string prefix_;
    std::vector<const ChakraRankTrace*> ranks_;
    std::vector<std::vector<Node>> nodes_;  // per rank
    std::vector<Group> groups_;
    std::vector<PointToPoint> p2p_;
    std::vector<CollectiveMessage> messages_;
    std::vector<Origin> origin_;
    std::vector<Completion> completions_;  // found, not yet propagated
    int64_t nodes_total_ = 0, nodes_done_ = 0;
    TimePs last_finish_ = 0;
};

}  // namespace cposim
