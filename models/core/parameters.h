// The parameter registry: every model parameter is declared exactly once, with its name,
// unit, default, allowed range and a one-line doc. A ParameterSet holds the values of one
// run: defaults, then a YAML scenario file, then --set overrides, each checked against
// its declaration. Errors are ConfigError with "<where>: <key>: <what is wrong>".
//
// Per instance: every parameter can also be set for the model instances whose name matches
// a pattern (glob: * and ?), and for everything inside them: `--set 'switch.phy3:phy.ber=1e-6'`,
// or in YAML `instances: {"switch.engine*": {cooling: {coolant_temperature_c: 35}}}`.
// Instance names are the SystemC module names (switch, switch.phy3, switch.engine0; in a
// fabric leaf0, leaf0.phy3, ...). A model reads its values from for_instance(its name);
// where several overrides apply, the one given last wins. An override that reaches no
// instance is an error (check_instances_matched()).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
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
    // "key=value" or "INSTANCE:key=value" from the command line; `option` names it in
    // errors ("--set", "--vary").
    void apply_override(const std::string& assignment, const std::string& option = "--set");
    // One value; `where` names its origin for error messages ("configs/x.yaml:12").
    void set(const std::string& key, const std::string& value, const std::string& where);
    // One value for the instances matching `pattern` and what is inside them.
    void set_for(const std::string& pattern, const std::string& key, const std::string& value,
                 const std::string& where);

    // The values instance `name` sees: these, with the overrides that reach it applied.
    ParameterSet for_instance(const std::string& name) const;
    // Whether instance `name` sees what instance `other` sees (every override reaches both or
    // neither); notes `name` as asked for, as for_instance does. A switch's PHYs and engines
    // mostly see their switch's values and then read those: a copy of every value for each
    // took a tenth of a 128-GPU pod's run.
    bool sees_as(const std::string& name, const std::string& other) const;
    // Throws ConfigError naming the first override that reached none of the instances asked
    // for so far (call after the run is built).
    void check_instances_matched() const;

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
    const Value& value(const std::string& key) const;  // one, with its origin (throws for an unknown key)
    const std::map<std::string, Value>& values() const;  // all of them, for the report
    const ParameterRegistry& registry() const { return registry_; }
    struct Override {
        std::string pattern, key;
        Value value;
    };
    const std::vector<Override>& overrides() const { return overrides_; }

private:
    ParameterSet(const ParameterRegistry& registry, std::shared_ptr<std::map<std::string, Value>> values)
        : registry_(registry), values_(std::move(values)) {}  // a view (for_instance)
    const ParamSpec& spec_of(const std::string& key, ParamKind expected) const;
    Value parse(const std::string& key, const std::string& raw, const std::string& where) const;
    const ParameterRegistry& registry_;
    // Every value, shared with the views made from this set (copied on write), and a view's
    // values set by the overrides that reach its instance (few), which come first.
    std::shared_ptr<std::map<std::string, Value>> values_;
    std::map<std::string, Value> overlay_;
    mutable std::shared_ptr<std::map<std::string, Value>> merged_;  // values() of a view with an overlay
    std::vector<Override> overrides_;
    // Bookkeeping of for_instance(): the instances asked for, and which overrides reached one.
    mutable std::vector<std::string> instances_;  // in the order asked for (error messages)
    mutable std::unordered_set<std::string> instance_names_;
    mutable std::vector<bool> matched_;
    void note_instance(const std::string& name) const;
};

}  // namespace cposim
