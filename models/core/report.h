// A run's report: one JSON tree that every model writes its own fields into. A model with
// statistics implements StatsProvider; collect_stats() asks every SystemC module of the
// run that does, children before parents (a parent may read what its children wrote), in
// the order they were built. Fields several models contribute to are summed (add());
// power parts (add_power()) also sum into power_w.total, and finish() derives the totals
// every run has. Adding a model means writing its write_stats(), not editing a report
// writer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sc_core {
class sc_object;
}

namespace cposim {

class Report {
public:
    // The field at a dotted path ("packets.dropped.link_down"), created as null if new.
    nlohmann::json& at(const std::string& path);
    bool has(const std::string& path) const;
    void set(const std::string& path, nlohmann::json value) { at(path) = std::move(value); }
    // Adds to a number (a new field starts at zero); integers stay integers.
    void add(const std::string& path, int64_t value);
    void add(const std::string& path, double value);
    // ports[i] (and phy.ports[i] with `under` = "phy"), with its "port" field set.
    nlohmann::json& port(int i, const std::string& under = "");
    // power_w.<part> += w; power_w.total sums the parts in the order they first appear.
    void add_power(const std::string& part, double w);
    // The sum of the power parts added so far (power_w.total before finish()), W.
    double power_total() const;
    // power_w.<part> += w for what the box draws besides the ASIC and its I/O (cooling,
    // conversion loss, management): power_w.system = power_w.total + these.
    void add_system_power(const std::string& part, double w);

    // The totals: packets.dropped_by_class (empty when nothing was dropped), .dropped_total,
    // power_w.total, power_w.system, energy_pj_per_bit and energy_pj_per_bit_system (the
    // window's energy of each over the frame bits delivered in it).
    void finish(double window_s);
    nlohmann::json& json() { return root_; }

private:
    nlohmann::json root_ = nlohmann::json::object();
    std::vector<std::string> power_parts_, system_parts_;
};

class StatsProvider {
public:
    virtual ~StatsProvider() = default;
    virtual void write_stats(Report& report) const = 0;
};

// Every StatsProvider among the SystemC objects of the run writes its fields.
void collect_stats(Report& report);
// Those of `root` and the objects inside it only (one switch of a fabric).
void collect_stats(const sc_core::sc_object& root, Report& report);

}  // namespace cposim
