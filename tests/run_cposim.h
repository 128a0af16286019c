// Runs the cposim program as a child process (one simulation per process) and returns its
// exit code, output and, when asked, its JSON report.
#pragma once

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

// The report's fields under "sim" that measure the machine rather than the model: they
// differ from run to run (tests/scenarios/report_identity/check_identity.py skips them too).
inline constexpr std::array<const char*, 5> kMachineSimFields = {"wall_s", "cpu_s", "kernel_cpu_s",
                                                                 "packets_per_wall_s", "peak_rss_mb"};

// `report` without them.
inline nlohmann::json without_machine_fields(nlohmann::json report) {
    for (const char* k : kMachineSimFields) report["sim"].erase(k);
    return report;
}

// Whether a flattened report key ("sim.cpu_s", a sweep's CSV column) is one of them.
inline bool is_machine_field(const std::string& key) {
    for (const char* k : kMachineSimFields)
        if (key == std::string("sim.") + k) return true;
    return false;
}

struct CposimResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
    nlohmann::json report;
};

inline std::string temp_path(const std::string& stem) {
    return "/tmp/cposim_test_" + std::to_string(::getpid()) + "_" + stem;
}

inline std::string shell_quote_arg(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// "cposim ARGS" as a shell command line.
inline std::string cposim_command(const std::string& args) {
    return std::string("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 ") + CPOSIM_BIN + " " + args;
}

// Runs a shell command; stdout and stderr together.
inline CposimResult run_shell(const std::string& cmd) {
    CposimResult r;
    FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// `args` is appended to "cposim"; with want_report a --report FILE is added and parsed.
inline CposimResult run_cposim(const std::string& args, bool want_report = false,
                               const std::string& env = "") {
    std::string cmd = env + (env.empty() ? "" : " ") + cposim_command(args);
    std::string report_file;
    if (want_report) {
        static int n = 0;
        report_file = temp_path("report" + std::to_string(n++) + ".json");
        cmd += " --report " + report_file;
    }
    CposimResult r = run_shell(cmd);
    if (want_report && r.exit_code == 0) {
        std::ifstream in(report_file);
        r.report = nlohmann::json::parse(in);
        std::remove(report_file.c_str());
    }
    return r;
}

inline CposimResult run_cposim_env(const std::string& env, const std::string& args) {
    return run_cposim(args, false, env);
}

inline std::string write_temp_file(const std::string& stem, const std::string& text) {
    const std::string path = temp_path(stem);
    std::ofstream(path) << text;
    return path;
}

inline std::string source_path(const std::string& relative) {
    return std::string(CPOSIM_SOURCE_DIR) + "/" + relative;
}
