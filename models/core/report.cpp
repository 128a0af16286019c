#include "report.h"

#include <systemc>

namespace cposim {

namespace {
// The field at a dotted path: every step is an object key ("dropped_by_class.3" is the key
// "3"), but an index into an array that is already there.
template <class Json>
Json* walk(Json& root, const std::string& path, bool create) {
    Json* node = &root;
    size_t start = 0;
    while (true) {
        const size_t dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (node->is_array()) {
            const size_t i = std::stoul(key);
            if (!create && i >= node->size()) return nullptr;
            node = &(*node)[i];
        } else {
            if (!create && !node->contains(key)) return nullptr;
            node = &(*node)[key];
        }
        if (dot == std::string::npos) return node;
        start = dot + 1;
    }
}

void collect(const sc_core::sc_object& object, Report& report) {
    for (const sc_core::sc_object* child : object.get_child_objects()) collect(*child, report);
    if (const auto* provider = dynamic_cast<const StatsProvider*>(&object)) provider->write_stats(report);
}
}  // namespace

nlohmann::json& Report::at(const std::string& path) { return *walk(root_, path, true); }

bool Report::has(const std::string& path) const { return walk(root_, path, false) != nullptr; }

void Report::add(const std::string& path, int64_t value) {
    nlohmann::json& field = at(path);
    if (field.is_null()) field = int64_t{0};
    field = field.get<int64_t>() + value;
}

void Report::add(const std::string& path, double value) {
    nlohmann::json& field = at(path);
    if (field.is_null()) field = 0.0;
    field = field.get<double>() + value;
}

nlohmann::json& Report::port(int i, const std::string& under) {
    nlohmann::json& p = at((under.empty() ? "" : under + ".") + "ports")[static_cast<size_t>(i)];
    p["port"] = i;
    return p;
}

void Report::add_power(const std::string& part, double w) {
    if (!has("power_w." + part)) power_parts_.push_back(part);
    add("power_w." + part, w);
}

double Report::power_total() const {
    double total = 0;
    for (const auto& part : power_parts_) total += walk(root_, "power_w." + part, false)->get<double>();
    return total;
}

void Report::add_system_power(const std::string& part, double w) {
    if (!has("power_w." + part)) system_parts_.push_back(part);
    add("power_w." + part, w);
}

void Report::finish(double window_s) {
    if (!has("packets.dropped_by_class")) set("packets.dropped_by_class", nlohmann::json::object());  // no drops
    int64_t dropped = 0;
    for (const auto& [reason, n] : at("packets.dropped").items()) dropped += n.get<int64_t>();
    set("packets.dropped_total", dropped);
    const double total = power_total();
    set("power_w.total", total);
    double system = total;
    for (const auto& part : system_parts_) system += at("power_w." + part).get<double>();
    set("power_w.system", system);
    const double delivered_bits = static_cast<double>(at("throughput.delivered_bytes").get<int64_t>()) * 8.0;
    set("energy_pj_per_bit", nullptr);  // undefined when nothing was delivered
    set("energy_pj_per_bit_system", nullptr);
    if (delivered_bits > 0) {
        set("energy_pj_per_bit", total * window_s / delivered_bits * 1e12);
        set("energy_pj_per_bit_system", system * window_s / delivered_bits * 1e12);
    }
}

void collect_stats(Report& report) {
    for (const sc_core::sc_object* top : sc_core::sc_get_top_level_objects()) collect(*top, report);
}

void collect_stats(const sc_core::sc_object& root, Report& report) { collect(root, report); }

}  // namespace cposim
