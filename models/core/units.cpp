#include "units.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace cposim {

namespace {

struct UnitEntry {
    const char* name;
    double factor;
};

const std::vector<UnitEntry>& units_of(Dimension d) {
    static const std::vector<UnitEntry> none{};
    static const std::vector<UnitEntry> rate{
        {"b/s", 1},     {"bps", 1},    {"K", 1e3},     {"k", 1e3},     {"Kb/s", 1e3},
        {"kb/s", 1e3},  {"Kbps", 1e3}, {"kbps", 1e3},  {"M", 1e6},     {"Mb/s", 1e6},
        {"Mbps", 1e6},  {"G", 1e9},    {"Gb/s", 1e9},  {"Gbps", 1e9},  {"T", 1e12},
        {"Tb/s", 1e12}, {"Tbps", 1e12}};
    static const std::vector<UnitEntry> time{{"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6},
                                             {"µs", 1e-6},  {"ms", 1e-3}, {"s", 1}};
    static const std::vector<UnitEntry> length{{"mm", 1e-3}, {"cm", 1e-2}, {"m", 1}, {"km", 1e3}};
    static const std::vector<UnitEntry> size{{"B", 1},          {"KB", 1e3},       {"kB", 1e3},
                                             {"MB", 1e6},       {"GB", 1e9},       {"KiB", 1024.0},
                                             {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
    static const std::vector<UnitEntry> power{{"mW", 1e-3}, {"W", 1}, {"kW", 1e3}};
    static const std::vector<UnitEntry> epb{{"fJ/bit", 1e-15}, {"fJ/b", 1e-15}, {"pJ/bit", 1e-12},
                                            {"pJ/b", 1e-12},   {"nJ/bit", 1e-9}, {"nJ/b", 1e-9}};
    static const std::vector<UnitEntry> freq{{"Hz", 1}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
    switch (d) {
        case Dimension::none: return none;
        case Dimension::data_rate: return rate;
        case Dimension::time: return time;
        case Dimension::length: return length;
        case Dimension::data_size: return size;
        case Dimension::power: return power;
        case Dimension::energy_per_bit: return epb;
        case Dimension::frequency: return freq;
    }
    return none;
}

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

}  // namespace

std::string format_number(double v, int precision) {
    std::ostringstream os;
    os.precision(precision);
    os << v;
    return os.str();
}

const char* dimension_name(Dimension d) {
    switch (d) {
        case Dimension::none: return "number";
        case Dimension::data_rate: return "data rate";
        case Dimension::time: return "time";
        case Dimension::length: return "length";
        case Dimension::data_size: return "data size";
        case Dimension::power: return "power";
        case Dimension::energy_per_bit: return "energy per bit";
        case Dimension::frequency: return "frequency";
    }
    return "?";
}

std::optional<double> unit_factor(Dimension d, const std::string& unit) {
    if (unit.empty()) return 1.0;
    for (const auto& u : units_of(d))
        if (unit == u.name) return u.factor;
    return std::nullopt;
}

std::string accepted_units(Dimension d) {
    std::string out;
    for (const auto& u : units_of(d)) {
        if (!out.empty()) out += ", ";
        out += u.name;
    }
    return out.empty() ? "none (a plain number)" : out;
}

double parse_quantity(const std::string& raw, Dimension d, const std::string& default_unit) {
    const std::string text = trim(raw);
    if (text.empty()) throw std::invalid_argument("empty value");
    const char* begin = text.c_str();
    char* end = nullptr;
    const double number = std::strtod(begin, &end);
    if (end == begin) throw std::invalid_argument("'" + text + "' does not start with a number");
    if (!std::isfinite(number)) throw std::invalid_argument("'" + text + "' is not a finite number");
    // Reject hex and other strtod extensions that users do not mean.
    for (const char* p = begin; p < end; ++p)
        if (*p == 'x' || *p == 'X' || *p == 'n' || *p == 'N' || *p == 'i' || *p == 'I')
            throw std::invalid_argument("'" + text + "' is not a decimal number");
    const std::string unit = trim(std::string(end));
    if (unit.empty()) return number;
    const auto from = unit_factor(d, unit);
    if (!from || d == Dimension::none) {
        throw std::invalid_argument("unit '" + unit + "' is not a " + dimension_name(d) +
                                    " unit (accepted: " + accepted_units(d) + ")");
    }
    const auto to = unit_factor(d, default_unit);
    if (!to) throw std::logic_error("parameter declared with unknown unit '" + default_unit + "'");
    return number * *from / *to;
}

}  // namespace cposim
