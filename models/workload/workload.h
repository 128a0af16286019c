// What the GPUs of a fabric run, as the models that move bytes see it: a fixed set of
// messages between ranks (rank r is host r), released as the work goes on. At the start, and
// each time a message has arrived whole, the workload says which messages their senders may
// now post, and how long after that moment (the computation between). Two workloads:
// CollectiveWorkload (collective_workload.h: one collective, several jobs of it) and
// TraceWorkload (trace_workload.h: Chakra execution traces, compute and communication nodes
// in their dependency order).
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "packet.h"  // TimePs

namespace cposim {

struct CollectiveMessage {
    int src = 0, dst = 0;  ///< ranks (= hosts)
    int64_t bytes = 0;
    int step = 0;          ///< the sender's step in which it is sent
    int recv_step = 0;     ///< the receiver's step in which it is awaited
    int src_channel = 0, dst_channel = 0;  ///< the step sequences it belongs to (trees: several)
};

struct MessagePost {
    uint32_t message = 0;
    TimePs after = 0;  ///< posted this long after the start or the delivery that released it
};

class Workload {
public:
    virtual ~Workload() = default;
    virtual const std::vector<CollectiveMessage>& messages() const = 0;
    virtual int ranks() const = 0;  ///< hosts 0..ranks-1 take part
    /// The messages posted at the start (after: from time 0).
    virtual std::vector<MessagePost> start() = 0;
    /// Message m arrived whole at t: the messages this releases. Both fidelities call in time
    /// order (equal times: message order); the workloads still derive every time from the
    /// times given, not from the order of the calls.
    virtual std::vector<MessagePost> delivered(uint32_t m, TimePs t) = 0;
    virtual bool complete() const = 0;
    virtual TimePs completed_at() const = 0;  ///< -1 until complete
    /// The report's collective section: name, gpus, bytes, bandwidths and the workload's own
    /// detail (jobs; a trace's collectives), given the messages' posted and delivered times.
    virtual void write_summary(nlohmann::json& collective, const std::vector<TimePs>& posted,
                               const std::vector<TimePs>& delivered) const = 0;
};

}  // namespace cposim
