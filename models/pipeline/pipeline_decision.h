// One decision of the forwarding pipeline as the RTL emits it (m_dec_*): the record the
// golden model must reproduce bit for bit.
#pragma once

#include <cstdint>
#include <string>

namespace cposim::fwd {

struct PipelineDecision {
    bool drop = false;
    uint8_t reason = 0;      // ReasonCode; 0 when forwarded
    bool flood = false;      // forwarded to mask (every port but the source)
    uint8_t port = 0;        // unicast egress port; 0 when dropped or flooded
    uint64_t mask = 0;       // egress ports, bit per port; 0 when dropped
    uint8_t tc = 0;          // traffic class 0..7
    uint8_t src_port = 0;
    uint16_t latency = 0;    // clocks from header handshake to decision

    // Equal in everything but latency (which depends on backpressure in the RTL).
    bool same_forwarding(const PipelineDecision& o) const {
        return drop == o.drop && reason == o.reason && flood == o.flood && port == o.port &&
               mask == o.mask && tc == o.tc && src_port == o.src_port;
    }
    bool operator==(const PipelineDecision& o) const {
        return same_forwarding(o) && latency == o.latency;
    }
    bool operator!=(const PipelineDecision& o) const { return !(*this == o); }

    // "forward port 5 tc 0 (src 3, 3 clocks)" / "drop l2_miss (...)"
    std::string to_string() const;
};

struct HeaderSlice;

// A readable report of a golden/RTL disagreement: the frame bytes, both decisions, the RTL
// clock. Used by CheckedPipeline and the differential test.
std::string mismatch_report(const HeaderSlice& slice, const PipelineDecision& golden,
                            const PipelineDecision& rtl, uint64_t rtl_cycle,
                            const std::string& what);

}  // namespace cposim::fwd
