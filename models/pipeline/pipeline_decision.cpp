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
    return std::string(buf) + tail + "; " + hdr.to_string();
}

std::string HeaderFields::to_string() const {
    char buf[256];
    auto addr = [](const std::array<uint8_t, 16>& a) {
        std::string s;
        char b[4];
        for (int i = 0; i < 16; ++i) {
            std::snprintf(b, sizeof b, "%02x", a[static_cast<size_t>(i)]);
            s += b;
            if (i % 2 && i < 15) s += ':';
        }
        return s;
    };
    std::snprintf(buf, sizeof buf, "ethertype 0x%04x, tags %u (outer vid %u, vid %u pcp %u), %s -> %s",
                  ethertype, vlan_count, outer_vid, vid, pcp, addr(src).c_str(), addr(dst).c_str());
    char l4[128];
    std::snprintf(l4, sizeof l4, ", proto %u ttl %u, ports%s %u -> %u, ipv4 checks 0x%x", proto, ttl,
                  l4_valid ? "" : " (not read)", l4_src, l4_dst, ipv4_checks);
    return std::string(buf) + l4;
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
