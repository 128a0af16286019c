#include "classify_runner.h"

#include <arpa/inet.h>

#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "all_parameters.h"
#include "capture_replay.h"
#include "errors.h"
#include "frame_builder.h"
#include "golden_model.h"
#include "header_parse.h"
#include "rtl_model.h"
#include "table_programme.h"

namespace cposim {

namespace {

using Row = nlohmann::ordered_json;

std::string address_text(const std::array<uint8_t, 16>& a, bool ipv6) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(ipv6 ? AF_INET6 : AF_INET, ipv6 ? a.data() : a.data() + 12, buf, sizeof buf);
    return buf;
}

// One frame's line: the fields the pipeline extracted, each only if the slice holds it.
Row row_of(const CapturedFrame& c, const fwd::HeaderSlice& s, const fwd::PipelineDecision& d) {
    const fwd::HeaderFields& h = d.hdr;
    const fwd::ParsedHeader p = fwd::parse_header(s);  // where the L3 header starts, and why nothing parsed
    const int l3 = p.l3_offset, valid = s.valid_bytes;
    auto has = [&](int bytes_from_l3) { return l3 + bytes_from_l3 <= valid; };  // L3 bytes [0, n) present
    const bool tags_known = !p.l2_truncated;
    const bool ipv4 = tags_known && p.is_ipv4, ipv6 = tags_known && p.is_ipv6;
    Row r;
    r["frame"] = c.record;
    r["port"] = s.src_port;
    r["bytes"] = s.frame_bytes;
    r["captured"] = c.captured_bytes;
    r["ethertype"] = tags_known ? Row(fmt::format("0x{:04x}", h.ethertype)) : Row();
    r["vlans"] = tags_known ? Row(h.vlan_count) : Row();
    r["outer_vid"] = tags_known && h.vlan_count == 2 ? Row(h.outer_vid) : Row();
    r["vid"] = tags_known && h.vlan_count ? Row(h.vid) : Row();
    r["pcp"] = tags_known && h.vlan_count ? Row(h.pcp) : Row();
    r["l3"] = ipv4 ? Row("ipv4") : ipv6 ? Row("ipv6") : Row();
    r["src"] = ipv4 && has(16) ? Row(address_text(h.src, false)) : ipv6 && has(24) ? Row(address_text(h.src, true)) : Row();
    r["dst"] = ipv4 && has(20) ? Row(address_text(h.dst, false)) : ipv6 && has(40) ? Row(address_text(h.dst, true)) : Row();
    r["proto"] = (ipv4 && has(10)) || (ipv6 && has(7)) ? Row(h.proto) : Row();
    r["ttl"] = (ipv4 && has(9)) || (ipv6 && has(8)) ? Row(h.ttl) : Row();
    r["l4_src"] = h.l4_valid ? Row(h.l4_src) : Row();
    r["l4_dst"] = h.l4_valid ? Row(h.l4_dst) : Row();
    const bool csum_known = ipv4 && !(h.ipv4_checks & (fwd::HeaderFields::kIpv4Truncated | fwd::HeaderFields::kIpv4BadHeader));
    r["ipv4_checksum"] = csum_known ? Row(h.ipv4_checks & fwd::HeaderFields::kIpv4BadChecksum ? "bad" : "good") : Row();
    r["decision"] = d.drop ? "drop" : d.flood ? "flood" : "forward";
    r["egress"] = d.drop || d.flood ? Row() : Row(d.port);
    r["reason"] = d.drop ? Row(fwd::reason_code_name(d.reason)) : Row();
    r["tc"] = d.tc;
    return r;
}

std::string csv_cell(const Row& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

// The pipeline models classify drives directly (their decisions carry the header fields).
struct Models {
    std::unique_ptr<fwd::GoldenModel> golden;
    std::unique_ptr<fwd::RtlModel> rtl;
};

}  // namespace

int run_classify(const ClassifyOptions& o) {
    if (o.pipeline != "golden" && o.pipeline != "rtl" && o.pipeline != "checked")
        throw ConfigError("--pipeline: '" + o.pipeline + "' is not one of golden, rtl, checked");
    if (o.format != "jsonl" && o.format != "csv")
        throw ConfigError("--format: '" + o.format + "' is not one of jsonl, csv");
    ParameterSet params(parameter_registry());
    for (const auto& s : o.sets) params.apply_override(s);
    params.set("traffic.pcap_file", o.file, "command line");
    const int ports = static_cast<int>(params.integer("switch.ports"));
    const CaptureReplay replay(CaptureReplayConfig::from(params), ports, params.real("switch.port_speed"));
    Models m;
    if (o.pipeline != "rtl") m.golden = std::make_unique<fwd::GoldenModel>();
    if (o.pipeline != "golden") m.rtl = std::make_unique<fwd::RtlModel>();
    const std::vector<fwd::L2Host>& hosts = replay.host_table().installed;
    if (m.golden) fwd::program_hosts(*m.golden, ports, hosts);
    if (m.rtl) fwd::program_hosts(*m.rtl, ports, hosts);
    if (replay.host_table().left_out)
        std::cerr << "classify: " << replay.host_table().left_out << " of " << replay.hosts().size()
                  << " hosts did not fit the L2 table (their frames miss)\n";

    std::map<std::string, int64_t> outcomes;
    const auto& frames = replay.capture().frames();
    bool header_done = false;
    for (size_t i = 0; i < frames.size(); ++i) {
        const CapturedFrame& c = frames[i];
        const fwd::HeaderSlice s = fwd::capture_slice(c, wire_bytes(c, replay.config().pad_short),
                                                      static_cast<uint8_t>(replay.ingress_port(i)));
        fwd::PipelineDecision d;
        if (m.golden) d = m.golden->decide(s);
        if (m.rtl) {
            const fwd::PipelineDecision r = m.rtl->decide(s);
            if (m.golden && r != d) {
                std::cout << std::flush;
                std::cerr << "cposim: classify: golden model and RTL disagree on record " << c.record << " of "
                          << o.file << "\n"
                          << fwd::mismatch_report(s, d, r, m.rtl->cycles(), "record " + std::to_string(c.record))
                          << "\n";
                return 1;
            }
            d = r;
        }
        const Row row = row_of(c, s, d);
        ++outcomes[d.drop ? "dropped " + row["reason"].get<std::string>() : d.flood ? "flooded" : "forwarded"];
        if (o.format == "jsonl") {
            std::cout << row.dump() << "\n";
            continue;
        }
        std::string line;
        if (!header_done) {
            for (const auto& [key, value] : row.items()) line += (line.empty() ? "" : ",") + key;
            std::cout << line << "\n";
            header_done = true;
            line.clear();
        }
        bool first = true;
        for (const auto& [key, value] : row.items()) {
            line += (first ? "" : ",") + csv_cell(value);
            first = false;
        }
        std::cout << line << "\n";
    }
    std::cerr << "classify: " << frames.size() << " frames (" << o.pipeline << "):";
    for (const auto& [what, n] : outcomes) std::cerr << " " << what << " " << n << ";";
    std::cerr << "\n";
    return 0;
}

}  // namespace cposim
