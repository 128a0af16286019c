// The parameter registry: every model parameter is declared exactly once, with its name,
// unit, default, allowed range and a one-line doc. A ParameterSet holds the values of one
// run: defaults, then a YAML scenario file, then --set overrides, each checked against
// its declaration. Errors are ConfigError with "<where>: <key>: <what is wrong>".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "units.h"

namespace cposim {

enum class ParamKind { integer, real, choice, boolean, text };

struct ParamSpec {
    std::string key;        // "switch.port_speed"
    ParamKind kind = ParamKind::real;
    Dimension dimension = Dimension::none;
    std::string unit;       // display unit, also the unit of a bare number ("Gb/s")
    double default_number = 0;
    std::string default_text;  // for choice and text parameters
    double min = 0, max = 0;   // inclusive range for integer and real
    std::vector<std::string> choices;
    std::string doc;

    std::string default_as_text() const;
    std::string range_as_text() const;
};

class ParameterRegistry {
public:
    void add_integer(const std::string& key, int64_t def, int64_t min, int64_t max,
                     const std::string& doc);
    void add_real(const std::string& key, Dimension dim, const std::string& unit, double def,
                  double min, double max, const std::string& doc);
    void add_choice(const std::string& key, const std::string& def,
                    std::vector<std::string> choices, const std::string& doc);
    void add_boolean(const std::string& key, bool def, const std::string& doc);
    void add_text(const std::string& key, const std::string& def, const std::string& doc);

    const ParamSpec* find(const std::string& key) const;
    const std::map<std::string, ParamSpec>& all() const { return specs_; }

private:
    void insert(ParamSpec spec);
    std::map<std::string, ParamSpec> specs_;
};

class ParameterSet {
public:
    explicit ParameterSet(const ParameterRegistry& registry);

    // Reads a YAML scenario: nested maps flatten to dotted keys ("switch: {ports: 8}"
    // is "switch.ports"). Throws ConfigError naming the file, line and key.
    void load_yaml_file(const std::string& path);
    void load_yaml_text(const std::string& text, const std::string& origin);
    // "key=value" from the command line; `option` names it in errors ("--set", "--vary").
    void apply_override(const std::string& assignment, const std::string& option = "--set");
    // One value; `where` names its origin for error messages ("configs/x.yaml:12").
    void set(const std::string& key, const std::string& value, const std::string& where);

    int64_t integer(const std::string& key) const;
    double real(const std::string& key) const;  // in the declared unit
    bool boolean(const std::string& key) const;
    const std::string& text(const std::string& key) const;  // choice or text

    // Every value with its unit, for the report ("800 Gb/s" style numbers stay numbers).
    struct Value {
        double number = 0;
        std::string text;
        std::string origin = "default";
    };
    const std::map<std::string, Value>& values() const { return values_; }
    const ParameterRegistry& registry() const { return registry_; }

private:
    const ParamSpec& spec_of(const std::string& key, ParamKind expected) const;
    const ParameterRegistry& registry_;
    std::map<std::string, Value> values_;
};

}  // namespace cposim
