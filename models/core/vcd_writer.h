// A small VCD (IEEE 1364 value change dump) writer for model-level waves. Models report
// value changes with their own timestamps (ps), each variable from one model in its time
// order. Under temporal decoupling models run up to a quantum apart (a PHY checks a
// switch's frames when the switch hands over its window's train), so a change may come
// up to `lateness` before the newest one: changes in time order are formatted at once;
// a late one is kept aside and spliced into the text before it is written. A change later
// than that is a model inconsistency. Output opens in GTKWave.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "packet.h"

namespace cposim {

class VcdWriter {
public:
    // Writes PATH.partial, renamed to PATH by close(); throws ConfigError if it cannot open.
    explicit VcdWriter(const std::string& path);
    ~VcdWriter();  // without close() the file stays PATH.partial: incomplete, and named so
    VcdWriter(const VcdWriter&) = delete;
    VcdWriter& operator=(const VcdWriter&) = delete;

    // Declare before the first change. scope "switch.port3" becomes nested scopes.
    int add_variable(const std::string& scope, const std::string& name, int width_bits);
    void change(int variable, TimePs t, uint64_t value);
    // Changes may come up to `lateness` ps before the newest one (default 0: none late).
    void set_lateness(TimePs lateness) { lateness_ = lateness; }
    const std::string& path() const { return path_; }
    void close();  // every change written; the file renamed into place

private:
    struct Stamp {
        TimePs t;
        size_t offset;  // of its "#t" line in buffer_
    };
    struct LateChange {
        TimePs t;
        int variable;
        uint64_t value;
    };
    void write_header();
    void flush(TimePs horizon);  // writes the changes before `horizon`, late ones spliced in
    struct Variable {
        std::string scope, name, id;
        int width;
        uint64_t value;
    };
    std::string path_;
    std::FILE* out_;
    std::vector<Variable> vars_;
    std::string buffer_;  // changes not yet written
    // Buffer size at which the next flush is tried: 64 KB more than after the last one. Text
    // within the lateness cannot be written yet; trying at every change once the buffer held
    // 64 KB of it moved the whole buffer each time (a run with waves spent 60% there).
    size_t flush_at_ = size_t{1} << 16;
    bool header_written_ = false;
    TimePs now_ = 0;           // newest change formatted
    TimePs written_to_ = 0;    // changes before this are in the file
    TimePs lateness_ = 0;
    std::vector<Stamp> stamps_;  // the timestamps in buffer_
    std::vector<LateChange> late_;
};

}  // namespace cposim
