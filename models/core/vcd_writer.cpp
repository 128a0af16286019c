#include "vcd_writer.h"

#include <charconv>
#include <map>
#include <stdexcept>

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

VcdWriter::VcdWriter(const std::string& path) : path_(path), out_(std::fopen(path.c_str(), "w")) {
    if (!out_) throw ConfigError(path + ": cannot open VCD file for writing");
}

VcdWriter::~VcdWriter() {
    if (!header_written_) write_header();
    flush();
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
    for (const auto& v : vars_) append_value(buffer_, v.width, 0, v.id);
    buffer_ += "$end\n";
    flush();
}

void VcdWriter::change(int variable, TimePs t, uint64_t value) {
    if (!header_written_) write_header();
    Variable& v = vars_[static_cast<size_t>(variable)];
    if (v.value == value) return;
    if (t < now_) throw ModelInconsistency("VCD time went backwards on " + v.name);
    // Formatted by hand into a buffer: a run with waves makes millions of changes, and
    // fprintf per change was most of such a run's time.
    if (t > now_) {
        char stamp[24];
        stamp[0] = '#';
        char* end = std::to_chars(stamp + 1, stamp + sizeof stamp - 1, static_cast<long long>(t)).ptr;
        *end++ = '\n';
        buffer_.append(stamp, static_cast<size_t>(end - stamp));
        now_ = t;
    }
    v.value = value;
    append_value(buffer_, v.width, value, v.id);
    if (buffer_.size() >= (1u << 16)) flush();
}

void VcdWriter::flush() {
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    buffer_.clear();
}

}  // namespace cposim
