#include "yield_runner.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "all_parameters.h"
#include "atomic_file.h"
#include "errors.h"
#include "package_monte_carlo.h"
#include "shell.h"
#include "sweep_plan.h"
#include "yield_report.h"

namespace fs = std::filesystem;

namespace cposim {

namespace {

ParameterSet load(const YieldOptions& o, const std::string& extra_set) {
    ParameterSet params(parameter_registry());
    params.load_yaml_file(o.scenario);
    for (const auto& s : o.sets) params.apply_override(s);
    if (!o.seed.empty()) params.apply_override("assembly.seed=" + o.seed, "--seed");
    if (!extra_set.empty()) params.apply_override(extra_set, "--vary");
    return params;
}

// A progress line on a terminal: packages done, rate, ETA.
class Progress {
public:
    Progress(int64_t total, std::string label)
        : total_(total), label_(std::move(label)), tty_(::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}
    ~Progress() {
        if (shown_) std::fprintf(stderr, "\r%100s\r", "");
    }
    void operator()(int64_t done) {
        if (!tty_) return;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const int width = 30, filled = static_cast<int>(width * done / std::max<int64_t>(1, total_));
        const double eta = done > 0 ? s / static_cast<double>(done) * static_cast<double>(total_ - done) : 0;
        std::fprintf(stderr, "\r  %s[%s%s] %lld/%lld packages, %.0f/s, ETA %.0f s   ", label_.c_str(),
                     std::string(static_cast<size_t>(filled), '=').c_str(),
                     std::string(static_cast<size_t>(width - filled), ' ').c_str(), static_cast<long long>(done),
                     static_cast<long long>(total_), s > 0 ? static_cast<double>(done) / s : 0.0, eta);
        std::fflush(stderr);
        shown_ = true;
    }

private:
    int64_t total_;
    std::string label_;
    bool tty_, shown_ = false;
    std::chrono::steady_clock::time_point start_;
};

nlohmann::json assembly_parameters(const ParameterSet& params) {
    nlohmann::json j;
    for (const auto& [key, v] : params.values())
        if (key.compare(0, 9, "assembly.") == 0) j[key] = v.text;
    return j;
}

void write_json(const nlohmann::json& j, const std::string& path) { write_file_atomically(path, j.dump(2) + "\n"); }

// One Monte Carlo into `dir`: report.json, packages.csv, histograms. Returns the report.
nlohmann::json run_one(const YieldOptions& o, const ParameterSet& params, const std::string& dir,
                       const std::string& label) {
    const SwitchPackageModel model(params);
    fs::create_directories(dir);
    const auto start = std::chrono::steady_clock::now();
    MonteCarloResult result;
    {
        Progress progress(o.packages, label);
        result = run_package_monte_carlo(model, o.packages, o.jobs, [&](int64_t done) { progress(done); });
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json report = yield_report(model, result);
    report["scenario"] = o.scenario;
    report["description"] = params.text("description");
    report["parameters"] = assembly_parameters(params);
    report["run"] = {{"wall_s", wall}, {"jobs", o.jobs}};  // how it ran: not part of the results
    write_json(report, dir + "/report.json");
    write_packages_csv(result, dir + "/packages.csv");
    write_histograms(result, dir);
    return report;
}

bool draw_plots(const std::string& dir) {
    const std::string script = fs::path(self_executable()).parent_path().string() + "/plot_yield.py";
    const std::string cmd = "/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(dir);
    return std::system(cmd.c_str()) == 0;
}

}  // namespace

int run_yield(const YieldOptions& o) {
    if (o.packages < 1) throw ConfigError("--packages: " + std::to_string(o.packages) + ": needs at least 1 package");
    if (o.packages > 100000000) throw ConfigError("--packages: " + std::to_string(o.packages) + ": at most 100000000");
    if (o.jobs < 1 || o.jobs > 1024) throw ConfigError("--jobs: " + std::to_string(o.jobs) + ": must be 1 to 1024");
    if (o.vary.size() > 1) throw ConfigError("--vary: yield varies one parameter at a time (given " + std::to_string(o.vary.size()) + ")");
    const ParameterSet base = load(o, "");
    { const SwitchPackageModel check(base); }  // the scenario's switch, checked before anything is written
    fs::create_directories(o.out_dir);
    const auto start = std::chrono::steady_clock::now();
    std::cout << fmt::format("cposim yield: {}  ({} packages, {} jobs, assembly.seed {})\n", o.scenario, o.packages,
                             o.jobs, base.integer("assembly.seed"))
              << std::flush;

    if (o.vary.empty()) {
        const nlohmann::json report = run_one(o, base, o.out_dir, "");
        print_yield_summary(std::cout, report);
        std::cout << fmt::format("  output       {}/report.json, packages.csv, alignment_loss_hist.csv, lane_margin_hist.csv\n",
                                 o.out_dir);
        if (o.plots) std::cout << (draw_plots(o.out_dir) ? "  plots        " + o.out_dir + "/plots/\n"
                                                        : "  plots        not drawn (see the message above)\n");
    } else {
        const SweepAxis axis = parse_sweep_axis(o.vary.front());
        for (const auto& v : axis.values) load(o, axis.key + "=" + v);  // every value checked up front
        AtomicOutput curve_csv(o.out_dir + "/yield_curve.csv");
        curve_csv << axis.key << ",yield_package,ci95_low,ci95_high,yield_optics,lanes_failed,alignment_loss_p99_db,"
                  << "lane_margin_p1_db,cost_per_good_package_usd\n";
        nlohmann::json curve = nlohmann::json::array();
        for (size_t i = 0; i < axis.values.size(); ++i) {
            const ParameterSet params = load(o, axis.key + "=" + axis.values[i]);
            const std::string dir = fmt::format("{}/points/{:04d}", o.out_dir, i);
            const nlohmann::json r =
                run_one(o, params, dir, fmt::format("{}={} ({}/{}) ", axis.key, axis.values[i], i + 1, axis.values.size()));
            const auto& y = r.at("yield");
            const auto& cost = r.at("cost_usd").at("per_good_package");
            curve_csv << fmt::format("{},{},{},{},{},{},{},{},{}\n", params.value(axis.key).text,
                                     y.at("package").get<double>(), y.at("package_ci95")[0].get<double>(),
                                     y.at("package_ci95")[1].get<double>(), y.at("optics").get<double>(),
                                     y.at("lanes_failed").get<int64_t>(), r.at("alignment_loss_db").at("p99").get<double>(),
                                     r.at("lane_margin_db").at("p1").get<double>(),
                                     cost.is_null() ? std::string() : fmt::format("{}", cost.get<double>()));
            curve.push_back({{"value", params.value(axis.key).text},
                             {"point", dir},
                             {"yield", y},
                             {"alignment_loss_db", r.at("alignment_loss_db")},
                             {"cost_usd", r.at("cost_usd")}});
            std::cout << fmt::format("  {} = {:<8} yield {:.4f} (95% CI {:.4f} to {:.4f}), lanes failed {}\n", axis.key,
                                     axis.values[i], y.at("package").get<double>(), y.at("package_ci95")[0].get<double>(),
                                     y.at("package_ci95")[1].get<double>(), y.at("lanes_failed").get<int64_t>())
                      << std::flush;
        }
        curve_csv.commit();
        write_json({{"scenario", o.scenario}, {"packages", o.packages}, {"vary", axis.key}, {"curve", curve}},
                   o.out_dir + "/report.json");
        std::cout << fmt::format("  output       {}/report.json, yield_curve.csv, points/NNNN/\n", o.out_dir);
        if (o.plots) std::cout << (draw_plots(o.out_dir) ? "  plots        " + o.out_dir + "/plots/yield_curve.png\n"
                                                        : "  plots        not drawn (see the message above)\n");
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << fmt::format("  run          {:.2f} s wall\n", wall);
    return 0;
}

}  // namespace cposim
