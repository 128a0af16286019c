#include "tshark_comparison.h"

#include <arpa/inet.h>

#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_cposim.h"

namespace {

using Json = nlohmann::json;

const std::vector<std::string> kFields = {
    "frame.number", "frame.cap_len", "frame.len", "frame.protocols", "eth.type", "eth.len", "vlan.id", "vlan.etype", "vlan.len",
    "ieee8021ad.id", "ieee8021ah.etype", "ip.version", "ip.hdr_len", "ip.len", "ip.src", "ip.dst", "ip.proto",
    "ip.ttl", "ip.checksum.status", "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.hlim", "udp.srcport",
    "udp.dstport", "tcp.srcport", "tcp.dstport"};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, sep)) out.push_back(item);
    return out;
}

// One frame as tshark dissected it: every occurrence of each field, in order.
using TsharkFrame = std::map<std::string, std::vector<std::string>>;

std::map<int64_t, TsharkFrame> run_tshark(const std::string& file) {
    // Each frame on its own (no reassembly); IPv4 checksums verified; a total length of 0 is
    // not taken for a TSO segment (the frames are what a wire carried).
    std::string cmd = "{ tshark -r " + shell_quote_arg(file) +
                      " -o ip.defragment:FALSE -o ipv6.defragment:FALSE -o ip.check_checksum:TRUE"
                      " -o ip.tso_support:FALSE -T fields -E occurrence=a -E aggregator=, -E 'separator=|'";
    for (const auto& f : kFields) cmd += " -e " + f;
    const CposimResult r = run_shell(cmd + " 2>/dev/null; }");
    if (r.exit_code != 0) throw std::runtime_error("tshark failed on " + file + ": " + r.output);
    std::map<int64_t, TsharkFrame> frames;
    std::stringstream in(r.output);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        size_t from = 0;
        for (size_t at; (at = line.find('|', from)) != std::string::npos; from = at + 1) cols.push_back(line.substr(from, at - from));
        cols.push_back(line.substr(from));
        TsharkFrame t;
        for (size_t i = 0; i < kFields.size() && i < cols.size(); ++i)
            t[kFields[i]] = kFields[i] == "frame.protocols" ? split(cols[i], ':') : split(cols[i], ',');
        frames[std::stoll(t["frame.number"].at(0))] = t;
    }
    return frames;
}

std::string first(const TsharkFrame& t, const std::string& field) {
    const auto it = t.find(field);
    return it == t.end() || it->second.empty() ? "" : it->second.front();
}

// Both sides as text; "" is "absent".
std::string number(const Json& v) { return v.is_null() ? "" : std::to_string(v.get<int64_t>()); }
std::string text(const Json& v) { return v.is_null() ? "" : v.get<std::string>(); }
std::string hex_number(const std::string& s) { return s.empty() ? "" : std::to_string(std::stoll(s, nullptr, 0)); }
std::string canonical_address(const std::string& s) {  // IPv6 text in one spelling
    if (s.empty()) return "";
    unsigned char b[16];
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET6, s.c_str(), b) != 1) return s;
    inet_ntop(AF_INET6, b, out, sizeof out);
    return out;
}

struct FrameComparison {
    const std::string& where;
    ComparisonTally& tally;
    std::set<std::string> rules;  // the scope rules this frame fell under (counted once each)
    ~FrameComparison() {
        for (const auto& r : rules) ++tally.scope[r];
    }
    void scope(const std::string& rule) { rules.insert(rule); }
    // Compares one field; `scope_rule` non-empty: a value classify has and tshark lacks is
    // allowed under that rule.
    void field(const std::string& name, const std::string& classify, const std::string& tshark,
               const std::string& scope_rule = "") {
        if (classify == tshark) {
            ++tally.agree[name];
        } else if (!scope_rule.empty() && tshark.empty()) {
            scope(scope_rule);
        } else {
            tally.disagreements.push_back(where + ": " + name + ": classify '" + classify + "', tshark '" + tshark + "'");
        }
    }
};

void compare_frame(const Json& c, const TsharkFrame& t, const std::string& where, ComparisonTally& tally) {
    FrameComparison cmp{where, tally, {}};
    ++tally.frames;
    if (c.at("ethertype").is_null()) {  // the slice ends inside the tags: the pipeline drops it
        cmp.scope("capture ends inside the tags (dropped as truncated_header): no L2 fields");
        return;
    }
    // tshark's tag stack: TPID and VID of each tag in order, and the EtherType after each
    const std::vector<std::string>& protocols = t.at("frame.protocols");
    if (protocols.size() >= 2 && protocols[0] == "eth" && protocols[1] == "eth") {
        cmp.scope("Cisco ISL (01:00:0c:00:00:00): tshark dissects the frame ISL carries, the parser the outer frame");
        return;
    }
    std::map<std::string, std::vector<std::string>> ids{{"vlan", t.at("vlan.id")}, {"ieee8021ad", t.at("ieee8021ad.id")}};
    std::map<std::string, std::vector<std::string>> types{{"vlan", t.at("vlan.etype")},
                                                          {"ieee8021ad", t.at("ieee8021ah.etype")}};
    std::vector<std::string> type_chain;  // eth.type, then the type after each tag
    if (!t.at("eth.type").empty()) type_chain.push_back(t.at("eth.type").front());
    std::vector<std::pair<long, long>> tags;  // (TPID, VID)
    size_t p = 1, l3_at = 0;
    for (; p < protocols.size(); ++p) {
        const std::string& proto = protocols[p];
        if (proto == "ethertype") continue;
        if (proto != "vlan" && proto != "ieee8021ad") break;
        auto& id = ids[proto];
        auto& type = types[proto];
        if (id.empty() || type_chain.size() <= tags.size()) break;
        tags.push_back({std::stol(type_chain[tags.size()], nullptr, 0), std::stol(id.front())});
        id.erase(id.begin());
        if (type.empty()) break;
        type_chain.push_back(type.front());
        type.erase(type.begin());
    }
    // the parser's tags: one 802.1Q C-tag, or an 802.1ad S-tag and a C-tag; it stops at any other
    const size_t k = !tags.empty() && tags[0].first == 0x8100 ? 1
                   : tags.size() >= 2 && tags[0].first == 0x88A8 && tags[1].first == 0x8100 ? 2 : 0;
    // an IEEE 802.3 length (< 0x0600) where the EtherType would be: the parser reports the
    // field it reads there, tshark names it a length (eth.len untagged, vlan.len after a tag)
    const std::string expected_type = type_chain.size() > k ? hex_number(type_chain[k])
                                    : k == 0 && !t.at("eth.len").empty() ? t.at("eth.len").front()
                                    : k >= 1 && tags.size() == k && !t.at("vlan.len").empty() ? t.at("vlan.len").front()
                                                                                               : "";
    cmp.field("ethertype", hex_number(text(c.at("ethertype"))), expected_type);
    cmp.field("vlans", number(c.at("vlans")), std::to_string(k));
    if (k >= 1) cmp.field("vid", number(c.at("vid")), std::to_string(tags[k - 1].second));
    if (k == 2) cmp.field("outer_vid", number(c.at("outer_vid")), std::to_string(tags[0].second));
    if (tags.size() > k) cmp.scope("tags past 802.1Q or 802.1ad + 802.1Q: the parser stops at their TPID");
    // the protocol right after the parser's tags
    size_t seen = 0;
    for (p = 1; p < protocols.size(); ++p) {
        if (protocols[p] == "ethertype") continue;
        if (seen < k && (protocols[p] == "vlan" || protocols[p] == "ieee8021ad")) {
            ++seen;
            continue;
        }
        l3_at = p;
        break;
    }
    const std::string next = l3_at ? protocols[l3_at] : "";
    std::string after_l3;  // the protocol after the L3 header
    for (size_t q = l3_at + 1; l3_at && q < protocols.size(); ++q)
        if (protocols[q] != "ethertype") {
            after_l3 = protocols[q];
            break;
        }
    const std::string l3 = text(c.at("l3"));
    const bool tshark_ports = after_l3 == "udp" || after_l3 == "tcp";
    std::string classify_ports = c.at("l4_src").is_null() ? "" : number(c.at("l4_src")) + "->" + number(c.at("l4_dst"));
    std::string tshark_port_pair;
    if (tshark_ports) {
        const std::string sp = after_l3 == "udp" ? first(t, "udp.srcport") : first(t, "tcp.srcport");
        const std::string dp = after_l3 == "udp" ? first(t, "udp.dstport") : first(t, "tcp.dstport");
        if (!sp.empty() && !dp.empty()) tshark_port_pair = sp + "->" + dp;
    }
    // A frame shorter than 64 bytes is padded by the sending MAC (traffic.pcap_pad_short): the
    // parser reads the padding's zeros where the ports would be, tshark the frame as captured.
    const std::string padding_rule =
        std::stol(t.at("frame.len").at(0)) < 60 && c.at("bytes").get<int64_t>() == 64
            ? "a frame shorter than 64 bytes, padded by its sender: the parser reads ports from the padding, tshark the "
              "bytes captured"
            : "";
    if (l3 == "ipv4") {
        if (next != "ip" || first(t, "ip.version") != "4") {
            cmp.scope("IPv4 EtherType, version not 4: tshark does not read it as IPv4, the parser flags bad_ipv4_header");
            cmp.field("l4 ports", classify_ports, "");
            return;
        }
        const long hdr = std::stol(first(t, "ip.hdr_len").empty() ? "0" : first(t, "ip.hdr_len"));
        const long total = std::stol(first(t, "ip.len").empty() ? "0" : first(t, "ip.len"));
        const long cap = std::stol(t.at("frame.cap_len").at(0));
        const long l3_offset = 14 + 4 * static_cast<long>(k);
        std::string rule;
        if (hdr < 20 || total < hdr)
            rule = "IPv4 header length < 20 or total length < header length: tshark stops (bogus), the parser flags it";
        else if (cap < l3_offset + hdr)
            rule = "capture ends inside the IPv4 header: tshark stops at the first field missing, the parser reads what is there";
        cmp.field("ipv4 src", text(c.at("src")), first(t, "ip.src"), rule);
        cmp.field("ipv4 dst", text(c.at("dst")), first(t, "ip.dst"), rule);
        cmp.field("ipv4 protocol", number(c.at("proto")), first(t, "ip.proto"), rule);
        cmp.field("ipv4 ttl", number(c.at("ttl")), first(t, "ip.ttl"), rule);
        const std::string status = first(t, "ip.checksum.status");  // 0 bad, 1 good, 2 unverified
        cmp.field("ipv4 checksum", text(c.at("ipv4_checksum")), status == "1" ? "good" : status == "0" ? "bad" : "", rule);
        cmp.field("l4 ports", classify_ports, tshark_port_pair, padding_rule);
    } else if (l3 == "ipv6") {
        if (next != "ipv6") {
            cmp.scope("IPv6 EtherType, version not 6: tshark does not read it as IPv6");
            cmp.field("l4 ports", classify_ports, "");
            return;
        }
        const std::string rule =
            std::stol(t.at("frame.cap_len").at(0)) < 14 + 4 * static_cast<long>(k) + 40
                ? "capture ends inside the IPv6 header: tshark stops at the first field missing" : "";
        cmp.field("ipv6 src", canonical_address(text(c.at("src"))), canonical_address(first(t, "ipv6.src")), rule);
        cmp.field("ipv6 dst", canonical_address(text(c.at("dst"))), canonical_address(first(t, "ipv6.dst")), rule);
        cmp.field("ipv6 next header", number(c.at("proto")), first(t, "ipv6.nxt"), rule);
        cmp.field("ipv6 hop limit", number(c.at("ttl")), first(t, "ipv6.hlim"), rule);
        if (after_l3.rfind("ipv6.", 0) == 0 && classify_ports.empty()) {
            cmp.scope("IPv6 extension headers: the parser does not follow them (no ports), tshark does");
            return;
        }
        cmp.field("l4 ports", classify_ports, tshark_port_pair, padding_rule);
    } else {
        if (next == "ip" || next == "ipv6")
            tally.disagreements.push_back(where + ": tshark dissects " + next + " where classify sees no L3 header");
        else if (!t.at("ip.src").empty() || !t.at("ipv6.src").empty())
            cmp.scope("IP inside another encapsulation (MPLS, PPPoE, tags the parser stops at): not parsed");
        cmp.field("l4 ports", classify_ports, "");
    }
}

}  // namespace

void ComparisonTally::add(const ComparisonTally& o) {
    for (const auto& [k, v] : o.agree) agree[k] += v;
    for (const auto& [k, v] : o.scope) scope[k] += v;
    disagreements.insert(disagreements.end(), o.disagreements.begin(), o.disagreements.end());
    frames += o.frames;
}

std::string ComparisonTally::table() const {
    std::string s = fmt::format("{} frames; field: frames where classify and tshark agree\n", frames);
    for (const auto& [k, v] : agree) s += fmt::format("  {:<18} {}\n", k, v);
    s += "documented differences of scope: frames\n";
    for (const auto& [k, v] : scope) s += fmt::format("  {:>5}  {}\n", v, k);
    s += fmt::format("disagreements: {}\n", disagreements.size());
    for (size_t i = 0; i < disagreements.size() && i < 20; ++i) s += "  " + disagreements[i] + "\n";
    return s;
}

ComparisonTally compare_classify_with_tshark(const std::string& file, const std::string& pipeline) {
    const CposimResult r = run_shell("{ " + cposim_command("classify --pipeline " + pipeline + " " + shell_quote_arg(file)) +
                                     " 2>/dev/null; }");
    if (r.exit_code != 0) throw std::runtime_error("cposim classify failed on " + file + ": " + r.output);
    return compare_with_tshark(file, r.output);
}

ComparisonTally compare_with_tshark(const std::string& file, const std::string& classify_lines) {
    const std::map<int64_t, TsharkFrame> tshark = run_tshark(file);
    ComparisonTally tally;
    std::stringstream in(classify_lines);
    std::string line;
    int64_t lines = 0;
    while (std::getline(in, line)) {
        const Json c = Json::parse(line);
        const int64_t n = c.at("frame").get<int64_t>();
        ++lines;
        const auto it = tshark.find(n);
        if (it == tshark.end()) {
            tally.disagreements.push_back(file + " frame " + std::to_string(n) + ": tshark has no such frame");
            continue;
        }
        compare_frame(c, it->second, file + " frame " + std::to_string(n), tally);
    }
    if (lines != static_cast<int64_t>(tshark.size()))
        tally.disagreements.push_back(file + ": classify printed " + std::to_string(lines) + " frames, tshark " +
                                      std::to_string(tshark.size()));
    return tally;
}
