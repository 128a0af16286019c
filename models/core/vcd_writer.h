// A small VCD (IEEE 1364 value change dump) writer for model-level waves. Models report
// value changes with their own timestamps (ps); timestamps must never go backwards, which
// the event calendar guarantees. Output opens in GTKWave.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "packet.h"

namespace cposim {

class VcdWriter {
public:
    explicit VcdWriter(const std::string& path);  // throws ConfigError if it cannot open
    ~VcdWriter();
    VcdWriter(const VcdWriter&) = delete;
    VcdWriter& operator=(const VcdWriter&) = delete;

    // Declare before the first change. scope "switch.port3" becomes nested scopes.
    int add_variable(const std::string& scope, const std::string& name, int width_bits);
    void change(int variable, TimePs t, uint64_t value);
    const std::string& path() const { return path_; }

private:
    void write_header();
    void flush();  // the buffered changes to the file
    struct Variable {
        std::string scope, name, id;
        int width;
        uint64_t value;
    };
    std::string path_;
    std::FILE* out_;
    std::vector<Variable> vars_;
    std::string buffer_;  // changes not yet written
    bool header_written_ = false;
    TimePs now_ = 0;
};

}  // namespace cposim
