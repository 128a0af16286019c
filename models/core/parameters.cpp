#include "parameters.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fnmatch.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "errors.h"

namespace cposim {

namespace {

// Parameter values and ranges show 12 significant digits.
std::string value_text(double v) { return format_number(v, 12); }

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

[[noreturn]] void fail(const std::string& where, const std::string& key, const std::string& what) {
    throw ConfigError(where + ": " + (key.empty() ? "" : key + ": ") + what);
}

}  // namespace

std::string ParamSpec::default_as_text() const {
    switch (kind) {
        case ParamKind::choice:
        case ParamKind::text: return default_text;
        case ParamKind::boolean: return default_number != 0 ? "true" : "false";
        default: return value_text(default_number);
    }
}

std::string ParamSpec::range_as_text() const {
    switch (kind) {
        case ParamKind::choice: return "{" + join(choices) + "}";
        case ParamKind::boolean: return "{true, false}";
        case ParamKind::text: return "text";
        default: return "[" + value_text(min) + ", " + value_text(max) + "]";
    }
}

void ParameterRegistry::insert(ParamSpec spec) {
    if (specs_.count(spec.key)) throw std::logic_error("parameter declared twice: " + spec.key);
    specs_.emplace(spec.key, std::move(spec));
}

void ParameterRegistry::add_integer(const std::string& key, int64_t def, int64_t min, int64_t max,
                                    const std::string& doc) {
    ParamSpec s;
    s.key = key;
    s.kind = ParamKind::integer;
    s.default_number = static_cast<double>(def);
    s.min = static_cast<double>(min);
    s.max = static_cast<double>(max);
    s.doc = doc;
    insert(std::move(s));
}

void ParameterRegistry::add_real(const std::string& key, Dimension dim, const std::string& unit,
                                 double def, double min, double max, const std::string& doc) {
    if (!unit_factor(dim, unit)) throw std::logic_error("bad unit for " + key + ": " + unit);
    ParamSpec s;
    s.key = key;
    s.kind = ParamKind::real;
    s.dimension = dim;
    s.unit = unit;
    s.default_number = def;
    s.min = min;
    s.max = max;
    s.doc = doc;
    insert(std::move(s));
}

void ParameterRegistry::add_choice(const std::string& key, const std::string& def,
                                   std::vector<std::string> choices, const std::string& doc) {
    ParamSpec s;
    s.key = key;
    s.kind = ParamKind::choice;
    s.default_text = def;
    s.choices = std::move(choices);
    s.doc = doc;
    insert(std::move(s));
}

void ParameterRegistry::add_boolean(const std::string& key, bool def, const std::string& doc) {
    ParamSpec s;
    s.key = key;
    s.kind = ParamKind::boolean;
    s.default_number = def ? 1 : 0;
    s.doc = doc;
    insert(std::move(s));
}

void ParameterRegistry::add_text(const std::string& key, const std::string& def,
                                 const std::string& doc) {
    ParamSpec s;
    s.key = key;
    s.kind = ParamKind::text;
    s.default_text = def;
    s.doc = doc;
    insert(std::move(s));
}

const ParamSpec* ParameterRegistry::find(const std::string& key) const {
    auto it = specs_.find(key);
    return it == specs_.end() ? nullptr : &it->second;
}

ParameterSet::ParameterSet(const ParameterRegistry& registry)
    : registry_(registry), values_(std::make_shared<std::map<std::string, Value>>()) {
    for (const auto& [key, spec] : registry.all()) {
        Value v;
        v.number = spec.default_number;
        v.text = spec.default_as_text();
        (*values_)[key] = v;
    }
}

const ParameterSet::Value& ParameterSet::value(const std::string& key) const {
    if (!overlay_.empty())
        if (auto it = overlay_.find(key); it != overlay_.end()) return it->second;
    return values_->at(key);
}

const std::map<std::string, ParameterSet::Value>& ParameterSet::values() const {
    if (overlay_.empty()) return *values_;
    if (!merged_) {
        merged_ = std::make_shared<std::map<std::string, Value>>(*values_);
        for (const auto& [key, v] : overlay_) (*merged_)[key] = v;
    }
    return *merged_;
}

void ParameterSet::set(const std::string& key, const std::string& raw, const std::string& where) {
    Value v = parse(key, raw, where);
    merged_.reset();
    if (auto it = overlay_.find(key); it != overlay_.end()) {
        it->second = std::move(v);
        return;
    }
    if (values_.use_count() > 1) values_ = std::make_shared<std::map<std::string, Value>>(*values_);  // copy on write
    (*values_)[key] = std::move(v);
}

ParameterSet::Value ParameterSet::parse(const std::string& key, const std::string& raw, const std::string& where) const {
    const ParamSpec* spec = registry_.find(key);
    if (!spec) {
        // Suggest keys of the same section to help with typos.
        std::string section = key.substr(0, key.find('.'));
        std::vector<std::string> near;
        for (const auto& [k, s] : registry_.all())
            if (k.compare(0, section.size() + 1, section + ".") == 0) near.push_back(k);
        fail(where, key,
             "unknown parameter" +
                 (near.empty() ? std::string(" (see 'cposim params')")
                               : " (parameters in '" + section + "': " + join(near) + ")"));
    }
    Value v;
    v.origin = where;
    switch (spec->kind) {
        case ParamKind::integer: {
            double n = 0;
            try {
                n = parse_quantity(raw, Dimension::none, "");
            } catch (const std::invalid_argument& e) {
                fail(where, key, std::string("expected an integer: ") + e.what());
            }
            if (n != std::floor(n)) fail(where, key, "expected an integer, got '" + raw + "'");
            if (n < spec->min || n > spec->max)
                fail(where, key, "value " + raw + " out of range " + spec->range_as_text());
            v.number = n;
            v.text = value_text(n);
            break;
        }
        case ParamKind::real: {
            double n = 0;
            try {
                n = parse_quantity(raw, spec->dimension, spec->unit);
            } catch (const std::invalid_argument& e) {
                fail(where, key, std::string("expected a ") + dimension_name(spec->dimension) +
                                     (spec->unit.empty() ? "" : " in " + spec->unit) + ": " +
                                     e.what());
            }
            if (n < spec->min || n > spec->max)
                fail(where, key,
                     "value " + raw + " (= " + value_text(n) + (spec->unit.empty() ? "" : " ") +
                         spec->unit + ") out of range " + spec->range_as_text() +
                         (spec->unit.empty() ? "" : " " + spec->unit));
            v.number = n;
            v.text = value_text(n);
            break;
        }
        case ParamKind::choice: {
            bool ok = false;
            for (const auto& c : spec->choices) ok = ok || c == raw;
            if (!ok) fail(where, key, "'" + raw + "' is not one of " + spec->range_as_text());
            v.text = raw;
            break;
        }
        case ParamKind::boolean: {
            if (raw == "true" || raw == "yes" || raw == "on" || raw == "1")
                v.number = 1;
            else if (raw == "false" || raw == "no" || raw == "off" || raw == "0")
                v.number = 0;
            else
                fail(where, key, "expected true or false, got '" + raw + "'");
            v.text = v.number != 0 ? "true" : "false";
            break;
        }
        case ParamKind::text: v.text = raw; break;
    }
    return v;
}

void ParameterSet::set_for(const std::string& pattern, const std::string& key, const std::string& raw,
                           const std::string& where) {
    if (pattern.empty() || pattern.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.*?-") !=
                               std::string::npos)
        fail(where, key, "instance '" + pattern + "': expected a module name or a pattern of one (letters, digits, _ . - * ?)");
    overrides_.push_back({pattern, key, parse(key, raw, where)});
    matched_.push_back(false);
}

void ParameterSet::apply_override(const std::string& assignment, const std::string& option) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        fail(option, "", "expected key=value or INSTANCE:key=value, got '" + assignment + "'");
    const std::string lhs = assignment.substr(0, eq);
    const auto colon = lhs.find(':');
    if (colon == std::string::npos)
        set(lhs, assignment.substr(eq + 1), option + " " + assignment);
    else
        set_for(lhs.substr(0, colon), lhs.substr(colon + 1), assignment.substr(eq + 1), option + " " + assignment);
}

namespace {
// Does an override for `pattern` reach instance `name`: the name matches, or it lies inside
// an instance whose name does?
bool reaches(const std::string& pattern, const std::string& name) {
    for (size_t end = name.find('.'); ; end = name.find('.', end + 1)) {
        if (::fnmatch(pattern.c_str(), name.substr(0, end).c_str(), 0) == 0) return true;
        if (end == std::string::npos) return false;
    }
}
}  // namespace

ParameterSet ParameterSet::for_instance(const std::string& name) const {
    // The values, shared, and the overrides that reach the instance on top: a view has no
    // overrides of its own, and copying every value and the instances asked for so far
    // (thousands in a fabric) into each view took a third of building a k = 8 fat-tree.
    ParameterSet view(registry_, values_);
    view.overlay_ = overlay_;
    for (size_t i = 0; i < overrides_.size(); ++i)
        if (reaches(overrides_[i].pattern, name)) {
            view.overlay_[overrides_[i].key] = overrides_[i].value;
            matched_[i] = true;
        }
    note_instance(name);
    return view;
}

bool ParameterSet::sees_as(const std::string& name, const std::string& other) const {
    bool same = true;
    for (size_t i = 0; i < overrides_.size(); ++i) {
        const bool mine = reaches(overrides_[i].pattern, name);
        if (mine) matched_[i] = true;
        if (mine != reaches(overrides_[i].pattern, other)) same = false;
    }
    note_instance(name);
    return same;
}

void ParameterSet::note_instance(const std::string& name) const {
    if (instance_names_.insert(name).second) instances_.push_back(name);
}

void ParameterSet::check_instances_matched() const {
    for (size_t i = 0; i < overrides_.size(); ++i) {
        if (matched_[i]) continue;
        std::string names;  // the instances, the first and last of each numbered run shown
        for (size_t k = 0; k < instances_.size() && k < 12; ++k) names += (names.empty() ? "" : ", ") + instances_[k];
        if (instances_.size() > 12) names += ", ... " + instances_.back();
        fail(overrides_[i].value.origin, overrides_[i].key,
             "no instance of this run is named '" + overrides_[i].pattern + "' or lies inside one (instances: " + names + ")");
    }
}

namespace {

void flatten(const YAML::Node& node, const std::string& prefix, const std::string& origin,
             std::map<std::string, int>& seen_at_line, ParameterSet& out, const std::string& instance = "") {
    const std::string where = origin + ":" + std::to_string(node.Mark().line + 1);
    if (node.IsMap()) {
        for (const auto& kv : node) {
            if (!kv.first.IsScalar())
                fail(origin + ":" + std::to_string(kv.first.Mark().line + 1), prefix,
                     "keys must be plain names");
            const std::string key =
                prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
            if (kv.second.IsNull())  // yaml-cpp marks a missing value on the following line
                fail(origin + ":" + std::to_string(kv.first.Mark().line + 1), key, "missing value");
            if (key == "instances" && instance.empty()) {  // instances: {PATTERN: {parameters}}
                if (!kv.second.IsMap())
                    fail(origin + ":" + std::to_string(kv.second.Mark().line + 1), key,
                         "expected a map of instance patterns to parameters");
                for (const auto& inst : kv.second) {
                    if (!inst.second.IsMap())
                        fail(origin + ":" + std::to_string(inst.first.Mark().line + 1), "instances." + inst.first.Scalar(),
                             "expected a map of parameters");
                    flatten(inst.second, "", origin, seen_at_line, out, inst.first.Scalar());
                }
                continue;
            }
            flatten(kv.second, key, origin, seen_at_line, out, instance);
        }
    } else if (node.IsScalar()) {
        if (prefix.empty()) fail(where, "", "a scenario must be a map of parameters");
        const auto [it, fresh] = seen_at_line.emplace(instance + ":" + prefix, node.Mark().line + 1);
        if (!fresh) fail(where, prefix, "set twice (first on line " + std::to_string(it->second) + ")");
        if (instance.empty())
            out.set(prefix, node.Scalar(), where);
        else
            out.set_for(instance, prefix, node.Scalar(), where);
    } else if (node.IsNull()) {
        return;  // an empty file: all defaults
    } else {
        fail(where, prefix, "expected a value or a map, got a list");
    }
}

}  // namespace

void ParameterSet::load_yaml_text(const std::string& text, const std::string& origin) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail(origin + ":" + std::to_string(e.mark.line + 1), "", "malformed YAML: " + e.msg);
    }
    if (!root.IsMap() && !root.IsNull())
        fail(origin + ":" + std::to_string(root.Mark().line + 1), "",
             "a scenario must be a map of parameters");
    std::map<std::string, int> seen_at_line;
    flatten(root, "", origin, seen_at_line, *this);
}

void ParameterSet::load_yaml_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))  // an ifstream opens a directory and reads nothing
        fail(path, "", "is a directory, not a scenario file (e.g. " +
                           (std::filesystem::path(path) / "default.yaml").string() + ")");
    std::ifstream in(path);
    if (!in) fail(path, "", "cannot open scenario file");
    std::stringstream ss;
    ss << in.rdbuf();
    load_yaml_text(ss.str(), path);
}

const ParamSpec& ParameterSet::spec_of(const std::string& key, ParamKind expected) const {
    const ParamSpec* spec = registry_.find(key);
    if (!spec) throw std::logic_error("model reads undeclared parameter " + key);
    const bool compatible = spec->kind == expected ||
                            (expected == ParamKind::text && spec->kind == ParamKind::choice);
    if (!compatible) throw std::logic_error("model reads parameter " + key + " with the wrong type");
    return *spec;
}

int64_t ParameterSet::integer(const std::string& key) const {
    spec_of(key, ParamKind::integer);
    return static_cast<int64_t>(value(key).number);
}

double ParameterSet::real(const std::string& key) const {
    spec_of(key, ParamKind::real);
    return value(key).number;
}

bool ParameterSet::boolean(const std::string& key) const {
    spec_of(key, ParamKind::boolean);
    return value(key).number != 0;
}

const std::string& ParameterSet::text(const std::string& key) const {
    spec_of(key, ParamKind::text);
    return value(key).text;
}

}  // namespace cposim
