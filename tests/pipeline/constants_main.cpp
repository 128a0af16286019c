// rtl/fwd_pkg.sv is the one definition of the forwarding pipeline's constants: reason codes,
// table sizes, register addresses, flag bits, reset values. This program parses it and
// compares every constant with its copies:
//   - the C++ constants of models/pipeline/register_map.h (compiled in: the values the
//     golden model and the RTL adapter really use), and the names of its enum Reg (read from
//     the header, so that a register added in C++ alone is seen);
//   - docs/pipeline.md: the register table (address of every register, and its value after
//     power-up as the golden model reads it) and the drop-reason table (code and name);
//   - docs/rtl.md: the table of the package's other constants.
// Every difference is printed on its own line, naming the constant; exit 1 if there is any.
//
//   pipeline_constants --source DIR [--self-test]
//       [--pkg FILE] [--map FILE] [--pipeline-doc FILE] [--rtl-doc FILE]
//
// --self-test also proves the check can fail: it changes, one at a time, the value of every
// package constant and every row of the documentation tables (and removes every row), and
// fails unless each change is reported with the name of what was changed.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden_model.h"
#include "l2_hash.h"
#include "register_map.h"

using namespace cposim::fwd;

namespace {

struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ParseError("cannot read " + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string hex(int64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(v));
    return buf;
}

// ---- the package ------------------------------------------------------------------------

// A SystemVerilog constant expression of the forms fwd_pkg.sv uses: numbers (64, 4'd1,
// 12'h01C, 'b101, with _), names defined earlier, + - * / << >> ( ) and $clog2().
class Expression {
public:
    Expression(const std::string& text, const std::map<std::string, int64_t>& names)
        : t_(text), names_(names) {}

    int64_t evaluate() {
        const int64_t v = shift();
        skip_space();
        if (at_ != t_.size()) fail("unexpected '" + t_.substr(at_) + "'");
        return v;
    }

private:
    void fail(const std::string& why) const { throw ParseError(why + " in '" + t_ + "'"); }
    void skip_space() {
        while (at_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[at_]))) ++at_;
    }
    bool take(const std::string& op) {
        skip_space();
        if (t_.compare(at_, op.size(), op) != 0) return false;
        at_ += op.size();
        return true;
    }
    int64_t shift() {
        int64_t v = add();
        for (;;) {
            if (take("<<"))
                v <<= add();
            else if (take(">>"))
                v >>= add();
            else
                return v;
        }
    }
    int64_t add() {
        int64_t v = mul();
        for (;;) {
            if (take("+"))
                v += mul();
            else if (take("-"))
                v -= mul();
            else
                return v;
        }
    }
    int64_t mul() {
        int64_t v = unary();
        for (;;) {
            if (take("*")) {
                v *= unary();
            } else if (take("/")) {
                const int64_t d = unary();
                if (d == 0) fail("division by zero");
                v /= d;
            } else {
                return v;
            }
        }
    }
    int64_t unary() { return take("-") ? -unary() : primary(); }
    int64_t primary() {
        skip_space();
        if (take("(")) {
            const int64_t v = shift();
            if (!take(")")) fail("missing ')'");
            return v;
        }
        if (take("$clog2")) {
            if (!take("(")) fail("$clog2 without '('");
            const int64_t n = shift();
            if (!take(")")) fail("missing ')'");
            int64_t b = 0;
            while ((int64_t{1} << b) < n) ++b;
            return b;
        }
        if (at_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[at_])) || t_[at_] == '\''))
            return number();
        if (at_ < t_.size() && (std::isalpha(static_cast<unsigned char>(t_[at_])) || t_[at_] == '_')) {
            const size_t b = at_;
            while (at_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[at_])) || t_[at_] == '_')) ++at_;
            const std::string name = t_.substr(b, at_ - b);
            const auto it = names_.find(name);
            if (it == names_.end()) fail("'" + name + "' is not a constant defined above");
            return it->second;
        }
        fail("expected a number, a name or '('");
        return 0;
    }
    int64_t number() {
        std::string digits;
        while (at_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[at_])) || t_[at_] == '_'))
            digits += t_[at_++];
        int base = 10;
        if (at_ < t_.size() && t_[at_] == '\'') {  // [size]'<base><digits>; the size is not needed
            ++at_;
            if (at_ < t_.size() && (t_[at_] == 's' || t_[at_] == 'S')) ++at_;
            const char b = at_ < t_.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(t_[at_]))) : ' ';
            base = b == 'h' ? 16 : b == 'd' ? 10 : b == 'b' ? 2 : b == 'o' ? 8 : 0;
            if (base == 0) fail("unknown base");
            ++at_;
            digits.clear();
            while (at_ < t_.size() && (std::isxdigit(static_cast<unsigned char>(t_[at_])) || t_[at_] == '_'))
                digits += t_[at_++];
        }
        std::string clean;
        for (char c : digits)
            if (c != '_') clean += c;
        if (clean.empty()) fail("number without digits");
        return static_cast<int64_t>(std::stoull(clean, nullptr, base));
    }

    std::string t_;
    const std::map<std::string, int64_t>& names_;
    size_t at_ = 0;
};

struct Package {
    std::map<std::string, int64_t> value;
    std::vector<std::string> order;  // as defined
};

// One constant per line: `localparam [type] NAME = value;`. Any other line that declares a
// parameter, type or enum is an error: the check would silently not see it.
Package parse_package(const std::string& path) {
    std::istringstream in(read_text(path));
    static const std::regex decl(
        R"(^\s*(?:local)?param(?:eter)?\s+(?:(?:int|integer|logic|bit)\b\s*)?(?:(?:signed|unsigned)\s+)?(?:\[[^\]]*\]\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^;]+);\s*$)");
    static const std::regex unsupported(R"(\b(localparam|parameter|typedef|enum)\b)");
    Package pkg;
    std::string line;
    bool in_block_comment = false;
    for (int n = 1; std::getline(in, line); ++n) {
        // comments out: // to the end of the line, /* ... */ (one or more lines)
        std::string code;
        for (size_t i = 0; i < line.size(); ++i) {
            if (in_block_comment) {
                if (line.compare(i, 2, "*/") == 0) {
                    in_block_comment = false;
                    ++i;
                }
            } else if (line.compare(i, 2, "/*") == 0) {
                in_block_comment = true;
                ++i;
            } else if (line.compare(i, 2, "//") == 0) {
                break;
            } else {
                code += line[i];
            }
        }
        std::smatch m;
        if (std::regex_match(code, m, decl)) {
            const std::string name = m[1];
            if (pkg.value.count(name)) throw ParseError(path + ":" + std::to_string(n) + ": " + name + " defined twice");
            try {
                pkg.value[name] = Expression(m[2], pkg.value).evaluate();
            } catch (const ParseError& e) {
                throw ParseError(path + ":" + std::to_string(n) + ": " + name + ": " + e.what());
            }
            pkg.order.push_back(name);
        } else if (std::regex_search(code, unsupported)) {
            throw ParseError(path + ":" + std::to_string(n) +
                             ": not a one-line `localparam [type] NAME = value;`, which is all "
                             "this check reads: '" + trim(line) + "'");
        }
    }
    if (pkg.order.empty()) throw ParseError(path + ": no constants found");
    return pkg;
}

// The names of register_map.h's enum Reg, as written there.
std::vector<std::string> reg_enum_names(const std::string& path) {
    const std::string text = read_text(path);
    const auto b = text.find("enum Reg ");
    if (b == std::string::npos) throw ParseError(path + ": no `enum Reg`");
    const auto e = text.find("};", b);
    std::istringstream in(text.substr(b, e - b));
    static const std::regex entry(R"(^\s*([A-Z][A-Z0-9_]*)\s*=)");
    std::vector<std::string> names;
    std::string line;
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_search(line, m, entry)) names.push_back(m[1]);
    if (names.empty()) throw ParseError(path + ": enum Reg has no entries");
    return names;
}

// ---- the documentation tables ---------------------------------------------------------

// A Markdown table: the first one after the heading line that contains `heading`.
struct Table {
    std::string file, heading;
    std::vector<std::vector<std::string>> rows;  // cells trimmed, backticks removed
};

Table read_table(const std::string& path, const std::string& heading, size_t columns) {
    std::istringstream in(read_text(path));
    Table t{path, heading, {}};
    std::string line;
    bool after_heading = false, in_table = false;
    int row = 0;
    while (std::getline(in, line)) {
        if (!after_heading) {
            after_heading = line.rfind("#", 0) == 0 && line.find(heading) != std::string::npos;
            continue;
        }
        if (line.rfind("|", 0) != 0) {
            if (in_table) break;
            continue;
        }
        in_table = true;
        if (row++ < 2) continue;  // header and separator
        std::vector<std::string> cells;
        std::string cell;
        for (size_t i = 1; i < line.size(); ++i) {
            if (line[i] == '|') {
                cells.push_back(trim(cell));
                cell.clear();
            } else if (line[i] != '`') {
                cell += line[i];
            }
        }
        if (cells.size() != columns)
            throw ParseError(path + ": a row of the table under '" + heading + "' has " +
                             std::to_string(cells.size()) + " columns, not " +
                             std::to_string(columns) + ": " + line);
        t.rows.push_back(cells);
    }
    if (t.rows.empty()) throw ParseError(path + ": no table under a heading with '" + heading + "'");
    return t;
}

// "0x01C", "64", "0x100 + 4r" (the leading number); nullopt if there is none
std::optional<int64_t> leading_number(const std::string& s) {
    std::smatch m;
    static const std::regex num(R"(^\s*(0x[0-9A-Fa-f_]+|[0-9][0-9_]*))");
    if (!std::regex_search(s, m, num)) return std::nullopt;
    std::string clean;
    for (char c : m[1].str())
        if (c != '_') clean += c;
    return static_cast<int64_t>(std::stoull(clean, nullptr, 0));
}

// ---- the C++ side -------------------------------------------------------------------------

// A C++ constant and the package constant it copies. kind bit: the C++ value is a mask
// with the one bit the package names.
struct Copy {
    std::string pkg, cpp;
    int64_t value;
    bool bit = false;
};

std::vector<Copy> cpp_copies() {
    std::vector<Copy> c = {
        {"PORTS_DEFAULT", "kPorts", kPorts},
        {"PORTS_MAX", "kPortsMax", kPortsMax},
        {"PORT_FIELD_WIDTH", "kPortFieldBits", kPortFieldBits},
        {"HEADER_BYTES", "kHeaderBytes", kHeaderBytes},
        {"MIN_FRAME", "kMinFrameBytes", kMinFrameBytes},
        {"DEPTH", "kDepth", kDepth},
        {"L2_SETS", "kL2Sets", kL2Sets},
        {"L2_WAYS", "kL2Ways", kL2Ways},
        {"LPM_ENTRIES", "kLpmEntries", kLpmEntries},
        {"LPM_INDEX_WIDTH", "log2(kLpmEntries)", log2_exact(kLpmEntries)},
        {"ECMP_MEMBERS", "kEcmpMembers", kEcmpMembers},
        {"ECMP_INDEX_WIDTH", "log2(kEcmpMembers)", log2_exact(kEcmpMembers)},
        {"ECMP_GROUP_MAX", "kEcmpGroupMax", kEcmpGroupMax},
        {"ACL_ENTRIES", "kAclEntries", kAclEntries},
        {"ACL_INDEX_WIDTH", "log2(kAclEntries)", log2_exact(kAclEntries)},
        {"ACL_KEY_WIDTH", "kAclKeyBits", kAclKeyBits},
        {"ACL_PERMIT", "AclAction::permit", static_cast<int>(AclAction::permit)},
        {"ACL_DROP", "AclAction::drop", static_cast<int>(AclAction::drop)},
        {"ACL_SET_CLASS", "AclAction::set_class", static_cast<int>(AclAction::set_class)},
        {"REASON_WIDTH", "log2(kReasonCodes)", log2_exact(kReasonCodes)},
        {"REASON_CODES", "kReasonCodes", kReasonCodes},
        {"REG_ADDR_WIDTH", "kRegAddrBits", kRegAddrBits},
        {"ID_VALUE", "kIdValue", kIdValue},
        {"CTRL_FLOOD_BIT", "kCtrlFloodUnknown", kCtrlFloodUnknown, true},
        {"CTRL_PVID_LSB", "kCtrlPvidShift", kCtrlPvidShift},
        {"CMD_WRITE_BIT", "kL2CmdWrite", kL2CmdWrite, true},
        {"CMD_WRITE_BIT", "kTableWrite", kTableWrite, true},
        {"L2_CMD_READ_BIT", "kL2CmdRead", kL2CmdRead, true},
        {"RESULT_VALID_BIT", "kL2ResultValid", kL2ResultValid, true},
        {"RESULT_VALID_BIT", "kLpmResultValid", kLpmResultValid, true},
        {"ROUTE_ENABLE_BIT", "kRouteEnable", kRouteEnable, true},
        {"ACL_VALID_BIT", "kAclValid", kAclValid, true},
        {"RESET_PVID", "kResetPvid", kResetPvid},
        {"RESET_MAX_FRAME", "kResetMaxFrame", kResetMaxFrame},
    };
#define CPOSIM_REG(r) c.push_back({"A_" #r, "Reg::" #r, r})
    CPOSIM_REG(ID); CPOSIM_REG(PORTS); CPOSIM_REG(CTRL); CPOSIM_REG(MAX_FRAME);
    CPOSIM_REG(L2_MAC_LO); CPOSIM_REG(L2_MAC_HI); CPOSIM_REG(L2_RESULT); CPOSIM_REG(L2_CMD);
    CPOSIM_REG(FLOOD_COUNT); CPOSIM_REG(COUNTER_CLEAR); CPOSIM_REG(L2_SETS); CPOSIM_REG(L2_WAYS);
    CPOSIM_REG(DEPTH); CPOSIM_REG(ROUTER_MAC_LO); CPOSIM_REG(ROUTER_MAC_HI);
    CPOSIM_REG(LPM_PREFIX); CPOSIM_REG(LPM_RESULT); CPOSIM_REG(LPM_CMD); CPOSIM_REG(ECMP_CMD);
    CPOSIM_REG(ACL_VAL_LO); CPOSIM_REG(ACL_VAL_HI); CPOSIM_REG(ACL_MASK_LO);
    CPOSIM_REG(ACL_MASK_HI); CPOSIM_REG(ACL_CMD);
    CPOSIM_REG(REASON_COUNT); CPOSIM_REG(RX_COUNT); CPOSIM_REG(TX_COUNT);
#undef CPOSIM_REG
#define CPOSIM_REASON(r) c.push_back({"REASON_" + upper(#r), "ReasonCode::" #r, static_cast<int>(ReasonCode::r)})
    CPOSIM_REASON(none); CPOSIM_REASON(runt); CPOSIM_REASON(truncated); CPOSIM_REASON(oversize);
    CPOSIM_REASON(l2_miss); CPOSIM_REASON(unknown_ethertype); CPOSIM_REASON(bad_ipv4_header);
    CPOSIM_REASON(bad_ipv4_checksum); CPOSIM_REASON(bad_ipv4_length); CPOSIM_REASON(ttl_expired);
    CPOSIM_REASON(no_route); CPOSIM_REASON(acl_deny);
#undef CPOSIM_REASON
    return c;
}

// Package constants without a C++ copy, and why.
const std::map<std::string, std::string> kRtlOnly = {
    {"PORTS_MIN", "only the RTL's elaboration check of PORTS uses it"},
};

bool is_register(const std::string& name) { return name.rfind("A_", 0) == 0; }
bool is_reason(const std::string& name) {
    return name.rfind("REASON_", 0) == 0 && name != "REASON_WIDTH" && name != "REASON_CODES";
}

// addresses and the ID in hex, as the sources write them; the rest in decimal
std::string show(const std::string& pkg_name, int64_t v) {
    return is_register(pkg_name) || pkg_name == "ID_VALUE" ? hex(v) : std::to_string(v);
}

// ---- the check ------------------------------------------------------------------------------

struct Inputs {
    Package pkg;
    std::vector<std::string> reg_names;  // register_map.h enum Reg
    Table registers;                     // docs/pipeline.md: addr | name | access | reset | fields
    Table reasons;                       // docs/pipeline.md: code | name | when
    Table rtl_constants;                 // docs/rtl.md: constant | value | meaning
    std::string map_path;
};

struct Counts {
    size_t cpp = 0, registers = 0, reasons = 0, rtl_doc = 0;
};

std::vector<std::string> check(const Inputs& in, Counts* counts = nullptr) {
    std::vector<std::string> problems;
    auto problem = [&](const std::string& s) { problems.push_back(s); };
    const auto& pkg = in.pkg.value;
    Counts n;

    // C++ copies
    std::set<std::string> copied;
    for (const Copy& c : cpp_copies()) {
        copied.insert(c.pkg);
        const auto it = pkg.find(c.pkg);
        if (it == pkg.end()) {
            problem("fwd_pkg::" + c.pkg + " is missing, but register_map.h copies it as " + c.cpp);
            continue;
        }
        const int64_t want = c.bit ? (it->second >= 0 && it->second < 63 ? int64_t{1} << it->second : -1) : it->second;
        if (c.value != want)
            problem("fwd_pkg::" + c.pkg + " = " + show(c.pkg, it->second) + " but register_map.h " + c.cpp +
                    " = " + (c.bit ? hex(c.value) + " (bit " + std::to_string(it->second) + " wanted: " + hex(want) + ")"
                                   : show(c.pkg, c.value)));
        ++n.cpp;
    }
    for (const std::string& name : in.pkg.order)
        if (!copied.count(name) && !kRtlOnly.count(name))
            problem("fwd_pkg::" + name + " has no C++ copy that this check compares: add it to "
                    "register_map.h and cpp_copies() in tests/pipeline/constants_main.cpp, or "
                    "to kRtlOnly with the reason");
    for (const std::string& r : in.reg_names) {
        if (!pkg.count("A_" + r)) problem(in.map_path + ": Reg::" + r + " has no fwd_pkg::A_" + r);
        if (!copied.count("A_" + r))
            problem(in.map_path + ": Reg::" + r + " is not compared: add it to cpp_copies() in "
                    "tests/pipeline/constants_main.cpp");
    }
    for (int code = 0; code < kReasonCodes; ++code) {
        const bool in_cpp = std::string(reason_code_name(static_cast<uint8_t>(code))) != "unknown";
        bool in_pkg = false;
        for (const auto& [name, v] : pkg)
            if (is_reason(name) && v == code) in_pkg = true;
        if (in_cpp != in_pkg)
            problem("reason code " + std::to_string(code) + (in_cpp ? " is named by reason_code_name() (" +
                    std::string(reason_code_name(static_cast<uint8_t>(code))) + ") but no fwd_pkg::REASON_* has it"
                    : " is a fwd_pkg::REASON_* but reason_code_name() does not know it"));
    }

    // docs/pipeline.md: registers
    const std::string reg_where = in.registers.file + " register table";
    std::map<std::string, int> reg_rows;
    GoldenModel golden;  // its values after power-up
    for (const auto& row : in.registers.rows) {
        std::string name = row[1];
        name = name.substr(0, name.find('['));  // REASON_COUNT[r]
        ++reg_rows[name];
        const auto it = pkg.find("A_" + name);
        if (it == pkg.end()) {
            problem(reg_where + ": row " + name + " has no fwd_pkg::A_" + name);
            continue;
        }
        const auto addr = leading_number(row[0]);
        if (!addr || *addr != it->second)
            problem(reg_where + ": " + name + " at '" + row[0] + "', but fwd_pkg::A_" + name + " = " + hex(it->second));
        const std::string access = row[2], reset = row[3];
        if (access != "RO" && access != "RW" && access != "WO")
            problem(reg_where + ": " + name + " access '" + access + "' is not RO, RW or WO");
        if (access == "WO") {
            if (reset != "—" && reset != "-")
                problem(reg_where + ": " + name + " is write-only: its value column should be '—', not '" + reset + "'");
        } else if (addr) {  // the register at the row's address
            const auto doc = leading_number(reset);
            const uint32_t read = golden.read32(static_cast<uint32_t>(*addr));
            if (!doc || *doc != read)
                problem(reg_where + ": " + name + " reads " + hex(read) + " after power-up (golden model), the table says '" +
                        reset + "'");
        }
        ++n.registers;
    }
    for (const std::string& name : in.pkg.order) {
        if (!is_register(name)) continue;
        const int rows = reg_rows[name.substr(2)];
        if (rows != 1)
            problem("fwd_pkg::" + name + " has " + std::to_string(rows) + " rows in the " + reg_where + ", not 1");
    }

    // docs/pipeline.md: reason codes
    const std::string reason_where = in.reasons.file + " drop-reason table";
    std::map<int64_t, int> reason_rows;
    for (const auto& row : in.reasons.rows) {
        const auto code = leading_number(row[0]);
        const std::string& doc_name = row[1];
        if (!code) {
            problem(reason_where + ": row " + doc_name + " has no code");
            continue;
        }
        ++reason_rows[*code];
        std::string pkg_name;
        for (const auto& [name, v] : pkg)
            if (is_reason(name) && v == *code) pkg_name = name;
        if (pkg_name.empty()) {
            problem(reason_where + ": " + doc_name + " has code " + std::to_string(*code) + ", which no fwd_pkg::REASON_* has");
            continue;
        }
        const std::string cpp_name = reason_code_name(static_cast<uint8_t>(*code));
        if (doc_name != cpp_name)
            problem(reason_where + ": code " + std::to_string(*code) + " (fwd_pkg::" + pkg_name + ") is named " +
                    doc_name + ", but " + cpp_name + " by reason_code_name()");
        ++n.reasons;
    }
    for (const std::string& name : in.pkg.order) {
        if (!is_reason(name) || name == "REASON_NONE") continue;
        const int rows = reason_rows[pkg.at(name)];
        if (rows != 1)
            problem("fwd_pkg::" + name + " (code " + std::to_string(pkg.at(name)) + ", " +
                    reason_code_name(static_cast<uint8_t>(pkg.at(name))) + ") has " + std::to_string(rows) +
                    " rows in the " + reason_where + ", not 1");
    }

    // docs/rtl.md: the other constants
    const std::string rtl_where = in.rtl_constants.file + " package table";
    std::map<std::string, int> rtl_rows;
    for (const auto& row : in.rtl_constants.rows) {
        const std::string& name = row[0];
        ++rtl_rows[name];
        const auto it = pkg.find(name);
        if (it == pkg.end()) {
            problem(rtl_where + ": " + name + " is not a fwd_pkg constant");
            continue;
        }
        const auto v = leading_number(row[1]);
        if (!v || *v != it->second)
            problem(rtl_where + ": " + name + " = '" + row[1] + "', but fwd_pkg::" + name + " = " +
                    std::to_string(it->second) + " (" + hex(it->second) + ")");
        ++n.rtl_doc;
    }
    for (const std::string& name : in.pkg.order) {
        if (is_register(name) || is_reason(name)) continue;
        if (rtl_rows[name] != 1)
            problem("fwd_pkg::" + name + " has " + std::to_string(rtl_rows[name]) + " rows in the " + rtl_where + ", not 1");
    }
    if (counts) *counts = n;
    return problems;
}

// ---- self-test ------------------------------------------------------------------------------

// Each change must make check() report a problem that names `what`.
int self_test(const Inputs& good) {
    int changes = 0, missed = 0;
    auto expect_caught = [&](const Inputs& bad, const std::string& what, const std::string& change) {
        ++changes;
        for (const std::string& p : check(bad))
            if (p.find(what) != std::string::npos) return;
        ++missed;
        std::printf("SELF-TEST MISSED: %s was not reported naming %s\n", change.c_str(), what.c_str());
    };
    for (const std::string& name : good.pkg.order) {
        Inputs bad = good;
        bad.pkg.value[name] += 1;
        expect_caught(bad, name, "fwd_pkg::" + name + " + 1");
    }
    // per table: the column naming a row, the columns whose value is changed
    struct Doc {
        Table Inputs::*table;
        size_t name_column;
        std::vector<size_t> value_columns;
    };
    for (const Doc& d : {Doc{&Inputs::registers, 1, {0, 3}}, Doc{&Inputs::reasons, 1, {0, 1}},
                         Doc{&Inputs::rtl_constants, 0, {1}}}) {
        const Table& t = good.*d.table;
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const std::string& label = t.rows[r][d.name_column];
            const std::string what = label.substr(0, label.find('['));  // REASON_COUNT[r]
            for (size_t column : d.value_columns) {
                Inputs bad = good;
                std::string& cell = (bad.*d.table).rows[r][column];
                if (cell == "—") continue;  // write-only: no value to change
                const auto v = leading_number(cell);
                cell = v ? std::to_string(*v + 1) : "renamed";
                expect_caught(bad, what, t.file + ": " + what + " changed to '" + cell + "'");
            }
            Inputs gone = good;
            (gone.*d.table).rows.erase((gone.*d.table).rows.begin() + static_cast<long>(r));
            expect_caught(gone, what, t.file + ": row " + what + " removed");
        }
    }
    std::printf("pipeline_constants self-test: %d changes, %d reported by name, %d missed\n", changes,
                changes - missed, missed);
    return missed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string source, pkg_path, map_path, pipeline_doc, rtl_doc;
    bool self = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        try {
            if (a == "--source") source = value();
            else if (a == "--pkg") pkg_path = value();
            else if (a == "--map") map_path = value();
            else if (a == "--pipeline-doc") pipeline_doc = value();
            else if (a == "--rtl-doc") rtl_doc = value();
            else if (a == "--self-test") self = true;
            else throw std::invalid_argument("unknown argument " + a);
        } catch (const std::invalid_argument& e) {
            std::fprintf(stderr, "pipeline_constants: %s\nusage: pipeline_constants --source DIR [--self-test] "
                                 "[--pkg FILE] [--map FILE] [--pipeline-doc FILE] [--rtl-doc FILE]\n", e.what());
            return 2;
        }
    }
    if (source.empty() && (pkg_path.empty() || map_path.empty() || pipeline_doc.empty() || rtl_doc.empty())) {
        std::fprintf(stderr, "pipeline_constants: --source DIR (or every file option) is required\n");
        return 2;
    }
    if (pkg_path.empty()) pkg_path = source + "/rtl/fwd_pkg.sv";
    if (map_path.empty()) map_path = source + "/models/pipeline/register_map.h";
    if (pipeline_doc.empty()) pipeline_doc = source + "/docs/pipeline.md";
    if (rtl_doc.empty()) rtl_doc = source + "/docs/rtl.md";

    Inputs in;
    try {
        in.pkg = parse_package(pkg_path);
        in.reg_names = reg_enum_names(map_path);
        in.registers = read_table(pipeline_doc, "Register map", 5);
        in.reasons = read_table(pipeline_doc, "Drop reasons", 3);
        in.rtl_constants = read_table(rtl_doc, "`fwd_pkg`", 3);
        in.map_path = map_path;
    } catch (const ParseError& e) {
        std::printf("pipeline_constants: FAIL: %s\n", e.what());
        return 1;
    }
    Counts n;
    const std::vector<std::string> problems = check(in, &n);
    for (const std::string& p : problems) std::printf("MISMATCH: %s\n", p.c_str());
    if (!problems.empty()) {
        std::printf("pipeline_constants: FAIL: %zu difference(s) between %s and its copies\n",
                    problems.size(), pkg_path.c_str());
        return 1;
    }
    std::printf("pipeline_constants: OK, %zu constants of %s: %zu C++ copies, %zu registers and %zu reason "
                "codes in %s, %zu constants in %s agree\n",
                in.pkg.order.size(), pkg_path.c_str(), n.cpp, n.registers, n.reasons, pipeline_doc.c_str(),
                n.rtl_doc, rtl_doc.c_str());
    return self ? self_test(in) : 0;
}
