#include "pipeline_decision.h"

#include <cstdio>

#include "header_slice.h"
#include "register_map.h"

namespace cposim::fwd {

const char* reason_code_name(uint8_t code) {
    switch (static_cast<ReasonCode>(code)) {
        case ReasonCode::none: return "none";
        case ReasonCode::runt: return "runt";
        case ReasonCode::truncated: return "truncated_header";
        case ReasonCode::oversize: return "oversize";
        case ReasonCode::l2_miss: return "l2_miss";
        case ReasonCode::unknown_ethertype: return "unknown_ethertype";
        case ReasonCode::bad_ipv4_header: return "bad_ipv4_header";
        case ReasonCode::bad_ipv4_checksum: return "bad_ipv4_checksum";
        case ReasonCode::bad_ipv4_length: return "bad_ipv4_length";
        case ReasonCode::ttl_expired: return "ttl_expired";
        case ReasonCode::no_route: return "no_route";
        case ReasonCode::acl_deny: return "acl_deny";
    }
    return "unknown";
}

std::string PipelineDecision::to_string() const {
    char buf[160];
    if (drop)
        std::snprintf(buf, sizeof buf, "drop %s (code %u)", reason_code_name(reason), reason);
    else if (flood)
        std::snprintf(buf, sizeof buf, "flood mask 0x%016llx", static_cast<unsigned long long>(mask));
    else
        std::snprintf(buf, sizeof buf, "forward port %u", port);
    char tail[96];
    std::snprintf(tail, sizeof tail, " tc %u, src %u, latency %u clocks", tc, src_port, latency);
    return std::string(buf) + tail;
}

std::string HeaderSlice::to_string() const {
    std::string s = "src port " + std::to_string(src_port) + ", frame " +
                    std::to_string(frame_bytes) + " B, slice " + std::to_string(valid_bytes) +
                    " B:";
    char hex[4];
    for (int i = 0; i < valid_bytes && i < kHeaderBytes; ++i) {
        if (i % 16 == 0) s += "\n    ";
        std::snprintf(hex, sizeof hex, "%02x ", bytes[static_cast<size_t>(i)]);
        s += hex;
    }
    return s;
}

std::string mismatch_report(const HeaderSlice& slice, const PipelineDecision& golden,
                            const PipelineDecision& rtl, uint64_t rtl_cycle,
                            const std::string& what) {
    return "forwarding pipeline mismatch, " + what + ", RTL clock " + std::to_string(rtl_cycle) +
           "\n  frame:  " + slice.to_string() + "\n  golden: " + golden.to_string() +
           "\n  rtl:    " + rtl.to_string();
}

}  // namespace cposim::fwd
