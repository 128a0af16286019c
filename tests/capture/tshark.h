// tshark (Wireshark's command-line reader, Debian package tshark) as the independent reader of
// the captures cposim writes and reads. Its notice on stderr (running as root) is dropped.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "run_cposim.h"

// tshark -r FILE ARGS: stdout lines
inline std::vector<std::string> tshark_lines(const std::string& file, const std::string& args) {
    const CposimResult r = run_shell("{ tshark -r " + shell_quote_arg(file) + " " + args + " 2>/dev/null; }");
    std::vector<std::string> lines;
    std::stringstream in(r.output);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

// frames of FILE (matching the display filter, if any)
inline int64_t tshark_count(const std::string& file, const std::string& filter = "") {
    return static_cast<int64_t>(
        tshark_lines(file, "-T fields -e frame.number" + (filter.empty() ? "" : " -Y " + shell_quote_arg(filter))).size());
}
