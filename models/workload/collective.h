// A collective over a set of GPUs as the messages it sends and the order it sends them in.
// Each rank runs through steps on a channel (the trees: a reduce and a broadcast channel per
// tree, each its own sequence); in a step it posts its sends and waits for the step's
// receives; when they have all arrived it moves to the next step. The first step's sends
// are posted at the start. The collective completes when every rank's channels have
// received the messages of their last steps.
//
//   ring_allreduce     2(n-1) steps; in each, rank r sends S/n to r+1 (reduce-scatter,
//                      then all-gather around the ring; Patarasuk and Yuan 2009)
//   halving_doubling   recursive halving reduce-scatter (log2 n steps: S/2, S/4, ... to the
//                      partner r xor n/2, n/4, ...), then recursive doubling all-gather back
//                      (Thakur, Rabenseifner and Gropp 2005); n a power of two
//   hierarchical_allreduce  inside each server of g GPUs (host.gpus_per_server) a ring
//                      reduce-scatter (g-1 steps of S/g), across the servers a ring all-reduce
//                      among the GPUs of the same place in their server (2(n/g-1) steps of
//                      S/n), inside each server a ring all-gather (g-1 steps of S/g)
//   double_binary_tree two binary trees over the ranks, the second the first shifted by one
//                      rank (a rank inner in one is a leaf in the other, but for one rank
//                      when n is even; Sanders, Speck and Traeff 2009, as NCCL's trees),
//                      each reducing S/2 up to its root and broadcasting it down, in
//                      workload.tree_chunks pipelined chunks
//   allgather          n-1 ring steps of S/n (S: the gathered buffer)
//   reduce_scatter     n-1 ring steps of S/n (S: each rank's input)
//   alltoall           one step: S/n to every other rank (MoE dispatch)
//   broadcast          rank 0's S down the chain 0, 1, ..., n-1 in workload.tree_chunks
//                      pipelined chunks: a rank forwards a chunk once it has it whole (NCCL's
//                      ring broadcast: the ring from the root less its last link)
//   reduce             the same chain the other way, to rank 0: a rank forwards a chunk
//                      once it has it from the rank after it (reduced with its own)
//   gather             one step: every rank but 0 sends S/n to rank 0 (S: the gathered buffer)
//   scatter            one step: rank 0 sends S/n to every other rank (S: rank 0's buffer)
//   barrier            dissemination barrier (Hensgen, Finkel and Manber 1988): ceil(log2 n)
//                      steps, in step s rank r sends a one-byte message to r + 2^s (mod n)
//                      and waits for the one from r - 2^s; workload.bytes is not used
//   permutation        one step: S to a fixed random other rank (a derangement)
//   shift              one step: rank r sends S to r + n/2 (every flow crosses the bisection
//                      of a two-leaf fabric)
//   incast             one step: every rank but 0 sends S to rank 0
//   uniform            one step: every rank sends workload.messages messages of S, each to
//                      a uniformly random other rank (background traffic, saturation)
//
// S is workload.bytes. Rank r is host r (the first workload.gpus hosts of the fabric). With
// workload.jobs = J the GPUs split into J jobs of gpus / J consecutive hosts, each running the
// collective on its own. Before each step's sends a GPU computes for workload.compute_us;
// the first workload.stragglers GPUs of each job take workload.straggler_us longer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "packet.h"
#include "parameters.h"
#include "workload.h"

namespace cposim {

enum class CollectiveKind {
    ring_allreduce, halving_doubling, hierarchical_allreduce, double_binary_tree, allgather, reduce_scatter, alltoall,
    permutation, shift, incast, uniform, broadcast, reduce, gather, scatter, barrier
};

struct CollectiveConfig {
    CollectiveKind kind = CollectiveKind::ring_allreduce;
    double bytes = 0;  ///< S
    int gpus = 0;      ///< n; 0: every host of the fabric
    int messages = 0;  ///< uniform: messages per rank
    int jobs = 1;      ///< independent jobs over gpus / jobs GPUs each
    int gpus_per_server = 1;  ///< hierarchical: GPUs of a server (host.gpus_per_server)
    int tree_chunks = 1;      ///< double_binary_tree, broadcast, reduce: pipelined chunks (workload.tree_chunks)
    double compute_us = 0;    ///< every GPU's compute before each step's sends
    int stragglers = 0;       ///< per job, its first GPUs ...
    double straggler_us = 0;  ///< ... compute this much longer at each step

    static void declare_parameters(ParameterRegistry& r);
    /// hosts: the fabric's; throws ConfigError naming the key when the collective cannot run
    /// on it (too many GPUs, halving-doubling on a number of GPUs not a power of two).
    static CollectiveConfig from(const ParameterSet& p, int hosts);
};

const char* collective_name(CollectiveKind kind);

/// How S splits into a collective's messages: S / parts bytes each (parts 1: S whole, 0: a
/// barrier's one-byte messages whatever S), the parts a chain's chunks
/// (workload.tree_chunks) or the GPUs'.
struct MessageSplit {
    int64_t parts = 1;
    bool chunks = false;
    /// The parts, named for an error: "8 chunks (workload.tree_chunks)", "32 GPUs".
    std::string named(const std::string& gpus) const;
};
MessageSplit message_split(const CollectiveConfig& c);

class Collective {
public:
    explicit Collective(const CollectiveConfig& config, uint64_t seed);

    int ranks() const { return n_ * jobs_; }  ///< GPUs in all jobs
    int ranks_per_job() const { return n_; }
    int jobs() const { return jobs_; }
    int job_of(int rank) const { return rank / n_; }
    bool job_complete(int job) const { return job_ranks_done_[static_cast<size_t>(job)] == n_; }
    /// How long GPU `rank` computes before a step's sends (compute, and a straggler's extra).
    TimePs compute_delay_ps(int rank) const;
    const std::vector<CollectiveMessage>& messages() const { return messages_; }
    /// The messages posted at the start (every rank starts).
    std::vector<uint32_t> start();
    /// Rank `rank` alone starts (a collective inside a trace, which each rank reaches in its
    /// own time): its first steps' messages. Until it starts, what it receives only counts.
    std::vector<uint32_t> start_rank(int rank);
    /// Message m has arrived whole: the messages this lets their senders post (in order).
    std::vector<uint32_t> delivered(uint32_t m);
    bool complete() const { return ranks_done_ == ranks(); }
    bool rank_complete(int rank) const { return lanes_left_[static_cast<size_t>(rank)] == 0; }
    /// nccl-tests' bus bandwidth factor: busbw = algbw x factor.
    double bus_factor() const;
    /// The bytes algbw counts: S (uniform: what each rank sends, messages x S; barrier: 0,
    /// it moves no data and has no bandwidth).
    double algbw_bytes() const;
    const CollectiveConfig& config() const { return config_; }

private:
    void build(uint64_t seed);  // one job's messages, its ranks from base_
    void add(int src, int dst, int64_t bytes, int step);  // one channel, awaited in the same step
    void add(int src, int src_channel, int send_step, int dst, int dst_channel, int recv_step, int64_t bytes);
    void double_binary_tree(int64_t S);
    void chain(const std::vector<int>& order, int64_t S);  // pipelined chunks along order
    void post_step(size_t lane, std::vector<uint32_t>& out);
    size_t lane(int rank, int channel) const { return static_cast<size_t>(rank) * static_cast<size_t>(channels_) + static_cast<size_t>(channel); }
    void lane_done(size_t lane);
    void rank_done(int rank);

    CollectiveConfig config_;
    int n_;          // ranks per job
    int jobs_ = 1;
    int base_ = 0;   // the first host of the job being built
    std::vector<int> job_ranks_done_;
    std::vector<CollectiveMessage> messages_;
    // Per lane (a rank's channel: its own sequence of steps) its steps, from step_base_[lane]
    // to step_base_[lane + 1] in the flat per-step arrays: the messages a step sends
    // (send_list_ from send_begin_[step] to send_begin_[step + 1], in the order added) and
    // how many receives it awaits and has had. Flat, built from messages_ once they are all
    // added: a 1024-GPU ring has 2 M steps, too many for a container each.
    // A rank is done when its lanes are.
    int channels_ = 1;
    std::vector<uint32_t> step_base_;   // per lane, and one past the last
    std::vector<uint32_t> send_begin_;  // per step, and one past the last
    std::vector<uint32_t> send_list_;
    std::vector<int> expected_, received_;  // per step
    std::vector<int> step_;  // the step each lane is in (0 .. its steps)
    int lane_steps(size_t lane) const { return static_cast<int>(step_base_[lane + 1] - step_base_[lane]); }
    void index_steps();  // the flat arrays from messages_
    std::vector<int> lanes_left_;  // per rank: lanes with steps still to finish
    std::vector<char> started_;    // per rank
    int ranks_done_ = 0;
};

}  // namespace cposim
