#include "sweep_runner.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "all_parameters.h"
#include "atomic_file.h"
#include "errors.h"
#include "shell.h"

namespace fs = std::filesystem;

namespace cposim {

namespace {

std::string point_dir(const std::string& out, int index) {
    return fmt::format("{}/points/{:04d}", out, index);
}

// The command of one point, as a script both backends run. It writes the report under a
// temporary name and renames it on success, so a killed point leaves no report behind.
void write_point_script(const std::string& dir, const std::string& exe, const std::string& scenario,
                        const SweepPoint& p) {
    fs::create_directories(dir);
    std::ofstream s(dir + "/run.sh");
    s << "#!/usr/bin/env bash\n# cposim sweep point " << p.index << "\n";
    s << "d=" << shell_quote(fs::absolute(dir).string()) << "\n";
    s << "rm -f \"$d/error.txt\"\n";
    s << "export CPOSIM_DIE_WITH_PARENT=1  # a point dies with its script (and the script with the sweep)\n";
    s << shell_quote(exe) << " run " << shell_quote(scenario);
    for (const auto& set : p.sets) s << " --set " << shell_quote(set);
    s << " --report \"$d/report.json.tmp\" >\"$d/stdout.txt\" 2>\"$d/stderr.txt\"\n";
    s << "rc=$?\n";
    s << "if [ $rc -eq 0 ]; then mv \"$d/report.json.tmp\" \"$d/report.json\"; else\n";
    s << "  { echo \"exit code $rc\"; tail -n 5 \"$d/stderr.txt\"; } >\"$d/error.txt\"; fi\n";
    s << "exit $rc\n";
}

std::string format_duration(double s) {
    const int t = static_cast<int>(s + 0.5);
    return fmt::format("{:02d}:{:02d}:{:02d}", t / 3600, (t / 60) % 60, t % 60);
}

// While a local sweep runs, SIGINT, SIGTERM and SIGCHLD are blocked and taken with
// sigwaitinfo: a sweep waits for a point to end or for a request to stop, without the
// race of a handler that fires just before the wait. The previous mask comes back after.
class SweepSignals {
public:
    SweepSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        sigaddset(&set_, SIGCHLD);
        ::pthread_sigmask(SIG_BLOCK, &set_, &old_);
    }
    ~SweepSignals() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    SweepSignals(const SweepSignals&) = delete;
    SweepSignals& operator=(const SweepSignals&) = delete;
    int wait() {
        int signo;
        while ((signo = ::sigwaitinfo(&set_, nullptr)) < 0 && errno == EINTR) {
        }
        return signo;
    }
    const sigset_t& old_mask() const { return old_; }

private:
    sigset_t set_{}, old_{};
};

// Runs the points `jobs` at a time, each in a process group of its own (its bash and its
// cposim). Returns 0, or the signal (SIGINT, SIGTERM) that interrupted the sweep: then
// every running point has been stopped (SIGTERM to its group) and reaped, and none of them
// left a report, so running the sweep again resumes it.
int run_local(const std::vector<int>& todo, const std::string& out, int jobs) {
    SweepSignals signals;
    const bool tty = ::isatty(STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    std::map<pid_t, int> running;
    size_t next = 0, finished = 0, failed = 0;
    auto progress = [&] {
        if (!tty) return;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double eta = finished ? elapsed / static_cast<double>(finished) * static_cast<double>(todo.size() - finished) : 0;
        const int width = 30;
        const int filled = static_cast<int>(width * finished / std::max<size_t>(1, todo.size()));
        std::fprintf(stderr, "\r  [%s%s] %zu/%zu points, %zu failed, %zu running, elapsed %s, ETA %s ",
                     std::string(static_cast<size_t>(filled), '=').c_str(),
                     std::string(static_cast<size_t>(width - filled), ' ').c_str(), finished, todo.size(),
                     failed, running.size(), format_duration(elapsed).c_str(),
                     finished ? format_duration(eta).c_str() : "--:--:--");
        std::fflush(stderr);
    };
    int interrupted = 0;
    while (finished < todo.size()) {
        while (running.size() < static_cast<size_t>(jobs) && next < todo.size()) {
            const std::string script = point_dir(out, todo[next]) + "/run.sh";
            const pid_t driver = ::getpid();
            const pid_t pid = ::fork();
            if (pid < 0) throw ConfigError("cannot start a sweep point: fork failed");
            if (pid == 0) {
                ::setpgid(0, 0);
                // A driver killed outright (SIGKILL) takes its points with it: an orphan
                // would go on writing the point that the next run starts again.
                ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (::getppid() != driver) ::_exit(137);  // it died before prctl
                ::pthread_sigmask(SIG_SETMASK, &signals.old_mask(), nullptr);
                ::execl("/bin/bash", "bash", script.c_str(), static_cast<char*>(nullptr));
                ::_exit(127);
            }
            ::setpgid(pid, pid);  // here too: the child may not have run yet when it is signalled
            running[pid] = todo[next++];
        }
        progress();
        bool reaped = false;
        int status = 0;
        for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
            if (running.erase(pid) == 0) continue;
            reaped = true;
            ++finished;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
        }
        if (reaped || finished == todo.size()) continue;
        const int signo = signals.wait();  // SIGCHLD: reap above; SIGINT, SIGTERM: stop
        if (signo == SIGINT || signo == SIGTERM) {
            interrupted = signo;
            break;
        }
    }
    for (const auto& [pid, point] : running) ::kill(-pid, SIGTERM);
    for (const auto& [pid, point] : running)
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    progress();
    if (tty) std::fprintf(stderr, "\n");
    return interrupted;
}

void run_slurm(const std::vector<int>& todo, const std::string& out, int jobs) {
    const std::string dir = out + "/slurm";
    fs::create_directories(dir);
    const std::string script = dir + "/array.sh";
    {
        std::ofstream s(script);
        s << "#!/usr/bin/env bash\n";
        s << "#SBATCH --job-name=cposim-sweep\n";
        s << "#SBATCH --output=" << fs::absolute(dir).string() << "/%A_%a.log\n";
        s << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n";
        s << "exec bash " << shell_quote(fs::absolute(out).string()) << "/points/$(printf %04d \"$SLURM_ARRAY_TASK_ID\")/run.sh\n";
    }
    std::string indices;
    for (int i : todo) indices += (indices.empty() ? "" : ",") + std::to_string(i);
    const std::string cmd = "sbatch --parsable --wait --array=" + indices + "%" + std::to_string(jobs) +
                            " " + shell_quote(script) + " > " + shell_quote(dir + "/sbatch.out") + " 2>&1";
    std::cout << "  submitting " << todo.size() << " points as a Slurm job array and waiting\n" << std::flush;
    const int rc = std::system(cmd.c_str());
    // sbatch --wait returns non-zero when any task failed; the points say which.
    if (rc != 0 && !fs::exists(dir + "/sbatch.out"))
        throw ConfigError("sbatch could not be run (is Slurm installed and running?)");
    const std::string answer = read_text_file(dir + "/sbatch.out");
    if (answer.find_first_of("0123456789") != 0)
        throw ConfigError("sbatch refused the job array: " + answer);
}

// Numeric leaves of a report, flattened to dotted names; `ports` and `parameters` are
// left out (per-port detail stays in each point's report).
void flatten_metrics(const nlohmann::json& j, const std::string& prefix,
                     std::vector<std::pair<std::string, double>>& out) {
    for (const auto& [k, v] : j.items()) {
        const std::string name = prefix.empty() ? k : prefix + "." + k;
        if (prefix.empty() && (k == "ports" || k == "parameters")) continue;
        if (v.is_object())
            flatten_metrics(v, name, out);
        else if (v.is_number())
            out.emplace_back(name, v.get<double>());
        else if (v.is_boolean())
            out.emplace_back(name, v.get<bool>() ? 1.0 : 0.0);
    }
}

std::string csv_escape(std::string s) {
    for (auto& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    if (s.find_first_of(",\"") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int merge_results(const std::vector<SweepPoint>& points, const std::vector<SweepAxis>& axes,
                  const std::string& out) {
    const auto& registry = parameter_registry();
    std::vector<std::string> metric_names;
    std::set<std::string> known;
    std::vector<std::vector<std::pair<std::string, double>>> metrics(points.size());
    std::vector<nlohmann::json> reports(points.size());
    std::vector<std::string> errors(points.size());
    int failed = 0;
    for (const auto& p : points) {
        const std::string dir = point_dir(out, p.index);
        if (fs::exists(dir + "/report.json")) {
            reports[static_cast<size_t>(p.index)] = nlohmann::json::parse(read_text_file(dir + "/report.json"));
            flatten_metrics(reports[static_cast<size_t>(p.index)], "", metrics[static_cast<size_t>(p.index)]);
            for (const auto& [name, v] : metrics[static_cast<size_t>(p.index)])
                if (known.insert(name).second) metric_names.push_back(name);
        } else {
            ++failed;
            errors[static_cast<size_t>(p.index)] =
                fs::exists(dir + "/error.txt") ? read_text_file(dir + "/error.txt") : "did not run to completion";
        }
    }
    AtomicOutput csv(out + "/results.csv");
    csv << "point,status,error";
    for (const auto& a : axes) {
        const ParamSpec* spec = registry.find(a.key);
        csv << "," << csv_escape("vary." + a.key + (spec && !spec->unit.empty() ? " [" + spec->unit + "]" : ""));
    }
    for (const auto& m : metric_names) csv << "," << csv_escape(m);
    csv << "\n";
    for (const auto& p : points) {
        const size_t i = static_cast<size_t>(p.index);
        const bool ok = errors[i].empty();
        csv << p.index << "," << (ok ? "ok" : "failed") << "," << csv_escape(errors[i]);
        for (const auto& a : axes) {
            // The value in the parameter's own unit when the run reports it, else as given.
            std::string value;
            for (const auto& s : p.sets)
                if (s.compare(0, a.key.size() + 1, a.key + "=") == 0) value = s.substr(a.key.size() + 1);
            if (ok) {
                const auto& v = reports[i]["parameters"]["values"][a.key];
                value = v.is_number() ? fmt::format("{}", v.get<double>()) : v.is_string() ? v.get<std::string>() : value;
            }
            csv << "," << csv_escape(value);
        }
        std::map<std::string, double> row(metrics[i].begin(), metrics[i].end());
        for (const auto& m : metric_names) {
            csv << ",";
            if (auto it = row.find(m); it != row.end()) csv << fmt::format("{}", it->second);
        }
        csv << "\n";
    }
    csv.commit();
    return failed;
}

}  // namespace

int run_sweep(const SweepOptions& o) {
    if (o.axes.empty()) throw ConfigError("sweep: give at least one --vary key=values");
    if (o.jobs < 1) throw ConfigError("--jobs: must be at least 1");
    if (o.backend != "local" && o.backend != "slurm")
        throw ConfigError("--backend: '" + o.backend + "' is not one of {local, slurm}");
    const std::string scenario = fs::absolute(o.scenario).string();
    const auto points = expand_sweep(scenario, o.axes, o.common_sets, parameter_registry());

    nlohmann::json plan = {{"scenario", scenario}, {"points", nlohmann::json::array()}};
    for (const auto& p : points) plan["points"].push_back({{"index", p.index}, {"sets", p.sets}});
    fs::create_directories(o.out_dir);
    const std::string plan_path = o.out_dir + "/plan.json";
    if (fs::exists(plan_path)) {
        if (nlohmann::json::parse(read_text_file(plan_path)) != plan)
            throw ConfigError(o.out_dir + ": holds a different sweep (plan.json differs); use another --out or remove it");
    } else {
        write_file_atomically(plan_path, plan.dump(2) + "\n");
    }

    const std::string exe = self_executable();
    std::vector<int> todo;
    for (const auto& p : points) {
        const std::string dir = point_dir(o.out_dir, p.index);
        write_point_script(dir, exe, scenario, p);
        if (!fs::exists(dir + "/report.json")) todo.push_back(p.index);
    }
    std::cout << fmt::format("cposim sweep: {} points ({} to run, {} already done), {} backend, {} jobs, in {}\n",
                             points.size(), todo.size(), points.size() - todo.size(), o.backend,
                             o.jobs, o.out_dir)
              << std::flush;
    if (!todo.empty()) {
        if (o.backend == "slurm") {
            run_slurm(todo, o.out_dir, o.jobs);
        } else if (const int signo = run_local(todo, o.out_dir, o.jobs)) {
            size_t done = 0;
            for (const auto& p : points) done += fs::exists(point_dir(o.out_dir, p.index) + "/report.json");
            std::cout << fmt::format("  interrupted  by signal {} ({}): {} of {} points done, the running ones "
                                     "stopped; the same command resumes\n",
                                     signo, signo == SIGINT ? "SIGINT" : "SIGTERM", done, points.size())
                      << std::flush;
            return 128 + signo;
        }
    }
    const int failed = merge_results(points, o.axes, o.out_dir);
    std::cout << fmt::format("  results      {}/results.csv ({} ok, {} failed)\n", o.out_dir,
                             points.size() - static_cast<size_t>(failed), failed);
    if (failed)
        for (const auto& p : points)
            if (!fs::exists(point_dir(o.out_dir, p.index) + "/report.json"))
                std::cout << fmt::format("  FAILED point {:04d}: {}\n", p.index,
                                         read_text_file(point_dir(o.out_dir, p.index) + "/error.txt"));
    if (o.plots) {
        const std::string plot_script = fs::path(exe).parent_path().string() + "/plot_sweep.py";
        const std::string cmd = "/usr/bin/python3 " + shell_quote(plot_script) + " " +
                                shell_quote(o.out_dir + "/results.csv") + " " + shell_quote(o.out_dir + "/plots");
        if (std::system(cmd.c_str()) == 0)
            std::cout << "  plots        " << o.out_dir << "/plots/\n";
        else
            std::cout << "  plots        not drawn (see the message above)\n";
    }
    return failed ? 1 : 0;
}

}  // namespace cposim
