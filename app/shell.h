// Small helpers for the subcommands that start other cposim processes (sweep, compare).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "errors.h"

namespace cposim {

// Quotes a word for /bin/sh.
inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The running cposim program, to start more of itself.
inline std::string self_executable() {
    std::error_code ec;
    const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw ConfigError("cannot locate the cposim executable: " + ec.message());
    return p.string();
}

inline std::string read_text_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace cposim
