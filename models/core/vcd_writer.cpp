#include "vcd_writer.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include "atomic_file.h"
#include "errors.h"

namespace cposim {

namespace {
std::string vcd_id(size_t n) {  // printable identifiers '!'..'~'
    std::string id;
    do {
        id += static_cast<char>('!' + n % 94);
        n /= 94;
    } while (n);
    return id;
}

// Appends one value change, "0!" or "b101 !" (no leading zeros), to `out`.
void append_value(std::string& out, int width, uint64_t v, const std::string& id) {
    char line[72];
    char* p = line;
    if (width == 1) {
        *p++ = v ? '1' : '0';
    } else {
        const uint64_t bits = width >= 64 ? v : v & ((uint64_t{1} << width) - 1);
        *p++ = 'b';
        for (int b = bits ? 63 - __builtin_clzll(bits) : 0; b >= 0; --b) *p++ = static_cast<char>('0' + ((bits >> b) & 1));
        *p++ = ' ';
    }
    out.append(line, static_cast<size_t>(p - line));
    out += id;
    out += '\n';
}
}  // namespace

VcdWriter::VcdWriter(const std::string& path) : path_(path), out_(std::fopen(partial_path(path).c_str(), "w")) {
    if (!out_) throw ConfigError(path + ": cannot open VCD file for writing");
}

void VcdWriter::close() {
    if (!out_) return;
    if (!header_written_) write_header();
    flush(INT64_MAX);
    const bool ok = std::fflush(out_) == 0;
    std::fclose(out_);
    out_ = nullptr;
    if (!ok) throw ConfigError(path_ + ": cannot write waves (disk full?)");
    commit_partial(path_);
}

VcdWriter::~VcdWriter() {
    if (!out_) return;
    if (!header_written_) write_header();
    flush(INT64_MAX);
    std::fclose(out_);
}

int VcdWriter::add_variable(const std::string& scope, const std::string& name, int width_bits) {
    if (header_written_) throw std::logic_error("VCD variable added after the first change");
    vars_.push_back({scope, name, vcd_id(vars_.size()), width_bits, 0});
    return static_cast<int>(vars_.size() - 1);
}

void VcdWriter::write_header() {
    header_written_ = true;
    std::fprintf(out_, "$comment cposim model-level waves $end\n$timescale 1ps $end\n");
    // Scopes nest on '.': sort variables by scope and open/close scopes as the path changes.
    std::map<std::string, std::vector<size_t>> by_scope;
    for (size_t i = 0; i < vars_.size(); ++i) by_scope[vars_[i].scope].push_back(i);
    auto split = [](const std::string& scope) {
        std::vector<std::string> parts;
        size_t start = 0;
        while (true) {
            const size_t dot = scope.find('.', start);
            parts.push_back(scope.substr(start, dot - start));
            if (dot == std::string::npos) return parts;
            start = dot + 1;
        }
    };
    std::vector<std::string> open;
    for (const auto& [scope, ids] : by_scope) {
        const auto path = split(scope);
        size_t common = 0;
        while (common < open.size() && common < path.size() && open[common] == path[common]) ++common;
        while (open.size() > common) {
            std::fprintf(out_, "$upscope $end\n");
            open.pop_back();
        }
        for (size_t i = common; i < path.size(); ++i) {
            std::fprintf(out_, "$scope module %s $end\n", path[i].c_str());
            open.push_back(path[i]);
        }
        for (size_t i : ids) {
            const auto& v = vars_[i];
            if (v.width == 1)
                std::fprintf(out_, "$var wire 1 %s %s $end\n", v.id.c_str(), v.name.c_str());
            else
                std::fprintf(out_, "$var wire %d %s %s [%d:0] $end\n", v.width, v.id.c_str(),
                             v.name.c_str(), v.width - 1);
        }
    }
    while (!open.empty()) {
        std::fprintf(out_, "$upscope $end\n");
        open.pop_back();
    }
    std::fprintf(out_, "$enddefinitions $end\n#0\n$dumpvars\n");
    std::string dump;
    for (const auto& v : vars_) append_value(dump, v.width, 0, v.id);
    dump += "$end\n";
    std::fwrite(dump.data(), 1, dump.size(), out_);
}

namespace {
void append_stamp(std::string& out, TimePs t) {
    char stamp[24];
    stamp[0] = '#';
    char* end = std::to_chars(stamp + 1, stamp + sizeof stamp - 1, static_cast<long long>(t)).ptr;
    *end++ = '\n';
    out.append(stamp, static_cast<size_t>(end - stamp));
}
}  // namespace

void VcdWriter::change(int variable, TimePs t, uint64_t value) {
    if (!header_written_) write_header();
    Variable& v = vars_[static_cast<size_t>(variable)];
    if (v.value == value) return;  // v.value: the last value recorded, formatted or late
    v.value = value;
    if (t < now_) {  // before a change already formatted: spliced in when written
        if (t < written_to_ || t < now_ - lateness_)
            throw ModelInconsistency("VCD: a change of " + v.scope + "." + v.name + " at " + std::to_string(t) +
                                     " ps came after changes up to " + std::to_string(now_) +
                                     " ps (later than the allowed lateness)");
        late_.push_back({t, variable, value});
        return;
    }
    // Formatted by hand into a buffer: a run with waves makes millions of changes, and
    // fprintf per change was most of such a run's time.
    if (t > now_ || stamps_.empty()) {
        stamps_.push_back({t, buffer_.size()});
        append_stamp(buffer_, t);
        now_ = t;
    }
    append_value(buffer_, v.width, value, v.id);
    if (buffer_.size() >= flush_at_) {
        flush(now_ - lateness_);
        flush_at_ = buffer_.size() + (size_t{1} << 16);
    }
}

void VcdWriter::flush(TimePs horizon) {
    if (!out_) throw std::logic_error("VCD " + path_ + ": changes after close()");
    // The text before the first timestamp at or after the horizon is final but for late
    // changes before the horizon, which go in at the end of their time's block.
    const size_t k_end = static_cast<size_t>(
        std::lower_bound(stamps_.begin(), stamps_.end(), horizon, [](const Stamp& s, TimePs h) { return s.t < h; }) -
        stamps_.begin());
    const size_t cut = k_end < stamps_.size() ? stamps_[k_end].offset : buffer_.size();
    std::stable_sort(late_.begin(), late_.end(), [](const LateChange& a, const LateChange& b) { return a.t < b.t; });
    size_t late_end = 0;
    while (late_end < late_.size() && late_[late_end].t < horizon) ++late_end;
    if (late_end == 0) {
        std::fwrite(buffer_.data(), 1, cut, out_);
    } else {
        std::string out;
        size_t pos = 0, k = 0;
        TimePs stamped = -1;  // a timestamp this splice wrote
        for (size_t i = 0; i < late_end; ++i) {
            const LateChange& c = late_[i];
            while (k < k_end && stamps_[k].t <= c.t) ++k;
            const size_t at = k < k_end ? stamps_[k].offset : cut;
            out.append(buffer_, pos, at - pos);
            pos = at;
            if (!(k > 0 && stamps_[k - 1].t == c.t) && stamped != c.t) {
                append_stamp(out, c.t);
                stamped = c.t;
            }
            const Variable& v = vars_[static_cast<size_t>(c.variable)];
            append_value(out, v.width, c.value, v.id);
        }
        out.append(buffer_, pos, cut - pos);
        std::fwrite(out.data(), 1, out.size(), out_);
        late_.erase(late_.begin(), late_.begin() + static_cast<std::ptrdiff_t>(late_end));
    }
    buffer_.erase(0, cut);
    stamps_.erase(stamps_.begin(), stamps_.begin() + static_cast<std::ptrdiff_t>(k_end));
    for (auto& st : stamps_) st.offset -= cut;
    written_to_ = std::max(written_to_, std::min(horizon, now_));
}

}  // namespace cposim
