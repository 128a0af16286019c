#include "fault_schedule.h"

#include <cmath>
#include <map>
#include <sstream>

#include "errors.h"
#include "units.h"

namespace cposim {

void declare_fault_parameters(ParameterRegistry& r) {
    r.add_text("faults.schedule", "",
               "scheduled faults, ';'-separated: 'lane_down port=P lane=L at=T', "
               "'laser_fail engine=E laser=K at=T', 'ber port=P|all ber=B from=T to=T', "
               "'temp_step engine=E delta=K at=T'");
}

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\n");
    const auto e = s.find_last_not_of(" \t\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::vector<Fault> parse_fault_schedule(const ParameterSet& params, const FaultLimits& lim) {
    const std::string where = params.value("faults.schedule").origin + ": faults.schedule: ";
    std::vector<Fault> faults;
    std::stringstream entries(params.text("faults.schedule"));
    std::string entry;
    int number = 0;
    while (std::getline(entries, entry, ';')) {
        entry = trim(entry);
        if (entry.empty()) continue;
        ++number;
        const std::string at_entry = where + "entry " + std::to_string(number) + " '" + entry + "': ";
        std::stringstream words(entry);
        std::string kind_word, word;
        words >> kind_word;
        std::map<std::string, std::string> fields;
        while (words >> word) {
            const auto eq = word.find('=');
            if (eq == std::string::npos || eq == 0) throw ConfigError(at_entry + "expected key=value, got '" + word + "'");
            fields[word.substr(0, eq)] = word.substr(eq + 1);
        }
        auto take = [&](const std::string& key) {
            auto it = fields.find(key);
            if (it == fields.end()) throw ConfigError(at_entry + "missing " + key + "=");
            std::string v = it->second;
            fields.erase(it);
            return v;
        };
        auto integer = [&](const std::string& key, int limit, const char* what) {
            const std::string v = take(key);
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end || n < 0 || n >= limit)
                throw ConfigError(at_entry + key + "=" + v + ": " + what + " " + v + " does not exist (" +
                                  std::to_string(limit) + " " + what + "s)");
            return static_cast<int>(n);
        };
        auto time = [&](const std::string& key) {
            const std::string v = take(key);
            try {
                return static_cast<TimePs>(std::llround(parse_quantity(v, Dimension::time, "us") * 1e6));
            } catch (const std::invalid_argument& e) {
                throw ConfigError(at_entry + key + "=" + v + ": expected a time: " + e.what());
            }
        };
        auto real = [&](const std::string& key) {
            const std::string v = take(key);
            try {
                return parse_quantity(v, Dimension::none, "");
            } catch (const std::invalid_argument& e) {
                throw ConfigError(at_entry + key + "=" + v + ": expected a number: " + e.what());
            }
        };
        Fault f;
        f.text = entry;
        if (kind_word == "lane_down") {
            f.kind = FaultKind::lane_down;
            f.port = integer("port", lim.ports, "port");
            f.lane = integer("lane", lim.lanes_per_port, "lane");
            f.at = time("at");
        } else if (kind_word == "laser_fail") {
            f.kind = FaultKind::laser_fail;
            f.engine = integer("engine", lim.engines, "engine");
            f.laser = integer("laser", lim.lasers_per_engine, "laser");
            f.at = time("at");
        } else if (kind_word == "ber") {
            f.kind = FaultKind::ber;
            if (fields.count("port") && fields["port"] == "all") {
                fields.erase("port");
                f.port = -1;
            } else {
                f.port = integer("port", lim.ports, "port");
            }
            f.ber = real("ber");
            if (!(f.ber >= 0 && f.ber <= 0.5)) throw ConfigError(at_entry + "ber: must be in [0, 0.5]");
            f.at = time("from");
            f.until = time("to");
            if (f.until <= f.at) throw ConfigError(at_entry + "to: must be after from");
        } else if (kind_word == "temp_step") {
            f.kind = FaultKind::temp_step;
            f.engine = integer("engine", lim.engines, "engine");
            f.delta_k = real("delta");
            f.at = time("at");
        } else {
            throw ConfigError(at_entry + "unknown fault '" + kind_word +
                              "' (lane_down, laser_fail, ber, temp_step)");
        }
        if (!fields.empty()) throw ConfigError(at_entry + "unknown field '" + fields.begin()->first + "'");
        if (f.at >= lim.run_end)  // it would never happen: surely not what was meant
            throw ConfigError(at_entry + (f.kind == FaultKind::ber ? "from" : "at") + ": " +
                              format_number(static_cast<double>(f.at) * 1e-6) + " us is not before the end of the run (" +
                              format_number(static_cast<double>(lim.run_end) * 1e-6) + " us, sim.duration_us)");
        faults.push_back(f);
    }
    return faults;
}

}  // namespace cposim
