#include "compare_runner.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "errors.h"
#include "shell.h"

namespace fs = std::filesystem;

namespace cposim {

namespace {

// The value at a dotted path, or NaN when the report does not have it.
double at(const nlohmann::json& r, const std::string& path) {
    const std::string params = "parameters.values.";  // parameter names contain dots themselves
    if (path.compare(0, params.size(), params) == 0) {
        const auto& v = r["parameters"]["values"];
        const std::string key = path.substr(params.size());
        return v.contains(key) && v[key].is_number() ? v[key].get<double>() : NAN;
    }
    const nlohmann::json* j = &r;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '.')) {
        if (!j->is_object() || !j->contains(part)) return NAN;
        j = &(*j)[part];
    }
    return j->is_number() ? j->get<double>() : NAN;
}


using Rows = std::vector<std::pair<std::string, std::string>>;

// A switch run's rows; the power rows follow the report's breakdown.
Rows switch_rows(const nlohmann::json& first) {
    Rows rows = {
        {"ports", "parameters.values.switch.ports"},
        {"port speed (Gb/s)", "parameters.values.switch.port_speed"},
        {"accepted load", "throughput.accepted_load"},
        {"delivered (Gb/s)", "throughput.delivered_gbps"},
        {"latency p50 (ns)", "latency_ns.p50"},
        {"latency p99 (ns)", "latency_ns.p99"},
        {"optics path latency (ns)", "phy.optics_path_latency_ns"},
        {"dropped packets", "packets.dropped_total"},
    };
    for (const auto& [part, v] : first["power_w"].items())
        if (v.is_number()) rows.push_back({"power " + part + " (W)", "power_w." + part});
    const std::vector<std::pair<std::string, std::string>> more = {
        {"energy (pJ/bit)", "energy_pj_per_bit"},
        {"system energy (pJ/bit)", "energy_pj_per_bit_system"},
        {"ASIC junction (C)", "cooling.asic_junction_c"},
        {"engine temperature max (C)", "cooling.engine_temperature_max_c"},
        {"cost capex (USD)", "cost_usd.capex"},
        {"cost per Gb/s (USD)", "cost_usd.per_gbps"},
        {"cost energy per year (USD)", "cost_usd.energy_per_year"},
        {"cost TCO (USD)", "cost_usd.tco"},
        {"cost TCO per Gb/s (USD)", "cost_usd.tco_per_gbps"},
    };
    rows.insert(rows.end(), more.begin(), more.end());
    return rows;
}


// A fabric run's rows (docs/fabric.md).
Rows fabric_rows() {
    return {
        {"switches", "fabric.switches"},
        {"hosts", "fabric.hosts"},
        {"GPUs in the collective", "collective.gpus"},
        {"completion (us)", "collective.completion_us"},
        {"algbw (Gb/s)", "collective.algbw_gbps"},
        {"busbw (Gb/s)", "collective.busbw_gbps"},
        {"message FCT p99 (us)", "flows.fct_us.p99"},
        {"slowdown p99", "flows.slowdown.p99"},
        {"uplink utilisation max", "fabric.uplink_utilisation.max"},
        {"uplinks carrying traffic", "fabric.uplink_utilisation.fraction_carrying_traffic"},
        {"dropped packets", "packets.dropped_total"},
        {"PFC pause frames", "pfc.pause_frames_sent"},
        {"switches' power (W)", "power_w.switches"},
        {"with cooling, conversion (W)", "power_w.switches_system"},
        {"energy per collective (J)", "energy.collective_j"},
        {"energy (pJ/payload bit)", "energy.pj_per_payload_bit"},
        {"system energy (pJ/payload bit)", "energy.pj_per_payload_bit_system"},
    };
}

}  // namespace

int run_compare(const CompareOptions& o) {
    if (o.scenarios.size() < 2) throw ConfigError("compare: give two or more scenario files");
    for (const auto& s : o.scenarios)
        if (!fs::exists(s)) throw ConfigError(s + ": cannot open scenario file");
    fs::create_directories(o.out_dir);
    const std::string exe = self_executable();

    std::vector<nlohmann::json> reports;
    std::vector<std::string> names;
    for (const auto& s : o.scenarios) {
        const std::string name = fs::path(s).stem().string();
        const std::string report = o.out_dir + "/" + name + ".json";
        std::string cmd = shell_quote(exe) + " run " + shell_quote(s) + " --report " + shell_quote(report);
        for (const auto& set : o.sets) cmd += " --set " + shell_quote(set);
        cmd += " > " + shell_quote(o.out_dir + "/" + name + ".txt") + " 2>&1";
        std::cout << "  running " << s << "\n" << std::flush;
        const int rc = std::system(cmd.c_str());
        if (rc != 0) {
            std::ifstream log(o.out_dir + "/" + name + ".txt");
            std::cerr << log.rdbuf();
            return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
        }
        std::ifstream in(report);
        reports.push_back(nlohmann::json::parse(in));
        names.push_back(name);
    }

    // Rows: what an architect compares first. Power rows follow the report's breakdown.
    const bool fabric = reports[0].contains("fabric");
    std::vector<std::pair<std::string, std::string>> rows = fabric ? fabric_rows() : switch_rows(reports[0]);
    std::cout << fmt::format("\n{:<34}", "");
    size_t width = 18;  // a column as wide as the longest scenario name
    for (const auto& n : names) width = std::max(width, n.size() + 2);
    for (const auto& n : names) std::cout << fmt::format("{:>{}}", n, width);
    std::cout << fmt::format("{:>12}\n", "last/first");
    for (const auto& [label, path] : rows) {
        std::cout << fmt::format("{:<34}", label);
        for (const auto& r : reports) {
            const double v = at(r, path);
            std::cout << (std::isnan(v) ? fmt::format("{:>{}}", "-", width) : fmt::format("{:>{}.4g}", v, width));
        }
        const double a = at(reports.front(), path), b = at(reports.back(), path);
        if (!std::isnan(a) && !std::isnan(b) && a != 0)
            std::cout << fmt::format("{:>11.1f}%", (b / a - 1) * 100);
        std::cout << "\n";
    }
    std::cout << "\n  reports      " << o.out_dir << "/\n";
    if (o.plots) {
        std::string cmd = "/usr/bin/python3 " + shell_quote(fs::path(exe).parent_path().string() + "/plot_compare.py") +
                          " " + shell_quote(o.out_dir + "/power_breakdown");
        for (const auto& n : names) cmd += " " + shell_quote(o.out_dir + "/" + n + ".json");
        if (std::system(cmd.c_str()) == 0)
            std::cout << "  chart        " << o.out_dir << "/power_breakdown.png, .svg\n";
        else
            std::cout << "  chart        not drawn (see the message above)\n";
    }
    return 0;
}

}  // namespace cposim
