// `cposim classify FILE`: each frame of a capture through the forwarding pipeline alone (no
// switch, no timing), one line per frame on stdout: the fields the parser extracted and the
// decision. The pipeline's tables and each frame's ingress port are those a replay of the
// file would use (models/host/capture_replay.h: traffic.pcap_port, switch.ports, the
// capture's hosts in the L2 table).
//
// Per frame (JSON lines, or CSV with the same columns; null / empty where the frame has no
// such field, or the slice the pipeline sees does not hold it):
//   frame, port, bytes (on the wire, FCS included), captured, ethertype (after the tags the
//   parser recognises, "0x0800"), vlans, outer_vid, vid, pcp, l3 (ipv4, ipv6 or null), src,
//   dst, proto, ttl (TTL or hop limit), l4_src, l4_dst, ipv4_checksum (good / bad), decision
//   (forward / flood / drop), egress, reason, tc
// A summary of the decisions goes to stderr.
#pragma once

#include <string>
#include <vector>

namespace cposim {

struct ClassifyOptions {
    std::string file;
    std::string pipeline = "golden";  ///< golden, rtl or checked
    std::string format = "jsonl";     ///< jsonl or csv
    std::vector<std::string> sets;
};

// Returns the exit code: 0, or 1 when checked finds golden and RTL disagree. Throws
// ConfigError for bad input (exit 2).
int run_classify(const ClassifyOptions& options);

}  // namespace cposim
