#include "vcd_merge.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "errors.h"

namespace cposim {

namespace {

std::string new_id(size_t n) {  // printable identifiers '!'..'~', as the VCD writer makes them
    std::string id;
    do {
        id += static_cast<char>('!' + n % 94);
        n /= 94;
    } while (n);
    return id;
}

std::vector<std::string> split_scope(const std::string& scope) {
    std::vector<std::string> parts;
    std::stringstream ss(scope);
    for (std::string part; std::getline(ss, part, '.');)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

// One input: its declarations (identifiers renumbered) and its value changes a time block at
// a time.
class Input {
public:
    Input(const VcdInput& in, size_t& next_id) : path_(in.path), file_(in.path) {
        if (!file_) throw ConfigError(in.path + ": cannot read waves to merge");
        read_header(in.scope, next_id);
        advance();
    }
    const std::string& declarations() const { return declarations_; }
    bool done() const { return done_; }
    int64_t time() const { return time_; }
    // The changes of the current time block, then the next block.
    void take(std::string& out) {
        out += changes_;
        advance();
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw ModelInconsistency(path_ + ": " + what); }

    void read_header(const std::string& scope, size_t& next_id) {
        const auto wrap = split_scope(scope);
        for (const auto& s : wrap) declarations_ += "$scope module " + s + " $end\n";
        std::string token;
        bool timescale_ok = false;
        while (file_ >> token) {
            if (token == "$enddefinitions") {
                file_ >> token;  // $end
                for (size_t i = 0; i < wrap.size(); ++i) declarations_ += "$upscope $end\n";
                if (!timescale_ok) fail("not a VCD with a 1 ps timescale");
                return;
            }
            std::vector<std::string> group{token};  // a $keyword ... $end group
            while (group.back() != "$end" && file_ >> token) group.push_back(token);
            if (group[0] == "$timescale") {
                std::string scale;
                for (size_t i = 1; i + 1 < group.size(); ++i) scale += group[i];
                timescale_ok = scale == "1ps";
            } else if (group[0] == "$scope" || group[0] == "$upscope") {
                for (const auto& t : group) declarations_ += t + (&t == &group.back() ? "\n" : " ");
            } else if (group[0] == "$var") {  // $var type width id name [range] $end
                if (group.size() < 6) fail("malformed $var");
                auto [it, fresh] = ids_.emplace(group[3], "");
                if (fresh) it->second = new_id(next_id++);
                group[3] = it->second;
                for (const auto& t : group) declarations_ += t + (&t == &group.back() ? "\n" : " ");
            }
        }
        fail("no $enddefinitions");
    }

    // Reads the changes up to the next time marker (or the end).
    void advance() {
        changes_.clear();
        if (at_end_) {
            done_ = true;
            return;
        }
        bool any_time = have_next_time_;
        time_ = next_time_;
        std::string line;
        while (std::getline(file_, line)) {
            if (line.empty()) continue;
            if (line[0] == '#') {
                const int64_t t = std::stoll(line.substr(1));
                if (!any_time) {  // the changes before the first marker belong to it
                    time_ = t;
                    any_time = true;
                    continue;
                }
                if (t < time_) fail("time goes back from " + std::to_string(time_) + " to " + std::to_string(t));
                next_time_ = t;
                have_next_time_ = true;
                if (changes_.empty()) {  // an empty block: go on with this one
                    time_ = t;
                    continue;
                }
                return;
            }
            if (line[0] == '$') continue;  // $dumpvars, $end, $comment ...
            changes_ += remap(line);
        }
        at_end_ = true;
        if (changes_.empty()) done_ = true;
    }

    std::string remap(const std::string& line) const {
        // "0!" scalars; "b101 !" / "r1.5 !" vectors and reals
        const bool vector = line[0] == 'b' || line[0] == 'B' || line[0] == 'r' || line[0] == 'R';
        const size_t at = vector ? line.find(' ') + 1 : 1;
        if (vector && at == 0) fail("malformed change '" + line + "'");
        std::string id = line.substr(at);
        while (!id.empty() && (id.back() == '\r' || id.back() == ' ')) id.pop_back();
        const auto it = ids_.find(id);
        if (it == ids_.end()) fail("change of an undeclared signal '" + line + "'");
        return line.substr(0, at) + it->second + "\n";
    }

    std::string path_;
    std::ifstream file_;
    std::string declarations_;
    std::unordered_map<std::string, std::string> ids_;
    std::string changes_;
    int64_t time_ = 0, next_time_ = 0;
    bool have_next_time_ = false, at_end_ = false, done_ = false;
};

}  // namespace

void merge_vcd(const std::vector<VcdInput>& inputs, const std::string& out_path) {
    size_t next_id = 0;
    std::vector<std::unique_ptr<Input>> in;
    for (const auto& i : inputs) in.push_back(std::make_unique<Input>(i, next_id));
    const std::string tmp = out_path + ".merging";
    {
        std::ofstream out(tmp);
        if (!out) throw ConfigError(out_path + ": cannot write merged waves");
        out << "$comment cposim waves: the model's and the RTL's on one time axis $end\n$timescale 1ps $end\n";
        for (const auto& i : in) out << i->declarations();
        out << "$enddefinitions $end\n";
        std::string block;
        while (true) {
            int64_t t = INT64_MAX;
            for (const auto& i : in)
                if (!i->done()) t = std::min(t, i->time());
            if (t == INT64_MAX) break;
            block = "#" + std::to_string(t) + "\n";
            for (const auto& i : in)
                if (!i->done() && i->time() == t) i->take(block);
            out << block;
        }
        if (!out) throw ConfigError(out_path + ": cannot write merged waves");
    }
    if (std::rename(tmp.c_str(), out_path.c_str()) != 0) throw ConfigError(out_path + ": cannot write merged waves");
}

}  // namespace cposim
