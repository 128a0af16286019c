// cposim sweep (local and Slurm backends), resume, failure recording, plots, and the
// progress display of cposim run. Every simulation is its own process.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "run_cposim.h"

namespace fs = std::filesystem;

namespace {

const std::string small = " --set switch.ports=8 --set switch.port_speed=100G --set sim.duration_us=20"
                          " --set sim.warmup_us=2";

using Table = std::vector<std::map<std::string, std::string>>;

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(cell);
            cell.clear();
        } else {
            cell += c;
        }
    }
    out.push_back(cell);
    return out;
}

Table read_csv(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    const auto header = split_csv_line(line);
    Table rows;
    while (std::getline(in, line)) {
        const auto cells = split_csv_line(line);
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
        rows.push_back(row);
    }
    return rows;
}

std::string fresh_dir(const std::string& stem) {
    const std::string d = temp_path(stem);
    fs::remove_all(d);
    return d;
}

}  // namespace

TEST_CASE("a sweep runs every combination and merges the reports into one CSV", "[sweep]") {
    const std::string out = fresh_dir("sweep_basic");
    const auto r = run_cposim("sweep " + source_path("configs/default.yaml") +
                              " --vary traffic.load=0.2:0.6:0.2 --vary switch.port_speed=100G,200G --jobs 2" +
                              " --set switch.ports=8 --set sim.duration_us=20 --set sim.warmup_us=2 --out " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("6 points (6 to run, 0 already done)"));
    const Table t = read_csv(out + "/results.csv");
    REQUIRE(t.size() == 6);
    for (size_t i = 0; i < t.size(); ++i) {
        const auto& row = t[i];
        CHECK(row.at("status") == "ok");
        CHECK(row.at("point") == std::to_string(i));
        // The first axis varies slowest; values appear in the parameter's unit.
        const double load = 0.2 + 0.2 * static_cast<double>(i / 2);
        CHECK(std::stod(row.at("vary.traffic.load")) == Approx(load));
        CHECK(std::stod(row.at("vary.switch.port_speed [Gb/s]")) == (i % 2 ? 200 : 100));
        CHECK(std::stod(row.at("throughput.accepted_load")) == Approx(load).epsilon(0.05));
        CHECK(row.count("latency_ns.p99") == 1);
        CHECK(row.count("power_w.total") == 1);
    }
    for (const char* plot : {"throughput", "latency", "power", "energy_per_bit"})
        for (const char* ext : {".png", ".svg"}) {
            INFO(plot << ext);
            CHECK(fs::file_size(out + "/plots/" + plot + ext) > 1000);
        }
    fs::remove_all(out);
}

TEST_CASE("a sweep resumes where it stopped and records failing points", "[sweep]") {
    const std::string out = fresh_dir("sweep_resume");
    // warm-up 50 us is longer than the 20 us run: those points fail with a config error.
    const std::string args = "sweep " + source_path("configs/default.yaml") +
                             " --vary sim.warmup_us=1,50 --vary traffic.load=0.3,0.6 --no-plots" + small.substr(0, small.find(" --set sim.warmup")) +
                             " --out " + out;
    const auto first = run_cposim(args);
    INFO(first.output);
    CHECK(first.exit_code == 1);  // some points failed
    CHECK_THAT(first.output, Catch::Contains("(2 ok, 2 failed)"));
    Table t = read_csv(out + "/results.csv");
    REQUIRE(t.size() == 4);
    for (const auto& row : t) {
        if (std::stod(row.at("vary.sim.warmup_us [us]")) == 50) {
            CHECK(row.at("status") == "failed");
            CHECK_THAT(row.at("error"), Catch::Contains("exit code 2") && Catch::Contains("sim.warmup_us"));
        } else {
            CHECK(row.at("status") == "ok");
        }
    }
    // Simulate a sweep killed half way: one finished point loses its report.
    fs::remove(out + "/points/0001/report.json");
    const auto again = run_cposim(args);
    CHECK_THAT(again.output, Catch::Contains("4 points (3 to run, 1 already done)"));  // 1 lost + 2 failed
    t = read_csv(out + "/results.csv");
    CHECK(t[1].at("status") == "ok");
    // The same directory with another sweep is refused.
    const auto other = run_cposim("sweep " + source_path("configs/default.yaml") +
                                  " --vary traffic.load=0.1,0.2 --no-plots --out " + out);
    CHECK(other.exit_code == 2);
    CHECK_THAT(other.output, Catch::Contains("holds a different sweep"));
    fs::remove_all(out);
}

TEST_CASE("bad sweep arguments fail before anything runs", "[sweep][params]") {
    const struct {
        std::string vary, expect;
    } cases[] = {
        {"traffic.load=0.6:0.2:0.1", "a range needs start <= stop"},
        {"traffic.load", "expected key=start:stop:step"},
        {"nosuch.key=1,2", "nosuch.key: unknown parameter"},
        {"traffic.load=0.5,1.5", "traffic.load: value 1.5"},
        {"switch.port_speed=100ns", "unit 'ns' is not a data rate unit"},
    };
    for (const auto& c : cases) {
        const std::string out = fresh_dir("sweep_bad");
        const auto r = run_cposim("sweep " + source_path("configs/default.yaml") + " --vary " + c.vary + " --out " + out);
        INFO(c.vary << "\n" << r.output);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(c.expect));
        CHECK_FALSE(fs::exists(out + "/points"));
        fs::remove_all(out);
    }
}

TEST_CASE("a sweep runs as a job array on a real single-node Slurm", "[sweep][slurm]") {
    // scripts/slurm-local.sh starts munged, slurmctld and slurmd from Debian's packages with
    // their own configuration and stops them again.
    const std::string slurm = fresh_dir("slurm");
    const std::string start = "bash " + source_path("scripts/slurm-local.sh") + " start " + slurm + " 2>&1";
    const std::string stop = "bash " + source_path("scripts/slurm-local.sh") + " stop " + slurm;
    REQUIRE(std::system(start.c_str()) == 0);
    struct Stop {
        std::string cmd;
        ~Stop() { (void)std::system(cmd.c_str()); }
    } stopper{stop};
    const std::string out = fresh_dir("sweep_slurm"), local = fresh_dir("sweep_local");
    const std::string sweep = "sweep " + source_path("configs/default.yaml") +
                              " --vary traffic.load=0.2,0.5 --vary switch.queueing=output,input_fifo --no-plots" + small;
    const auto viaslurm = run_cposim_env("SLURM_CONF=" + slurm + "/slurm.conf", sweep + " --backend slurm --out " + out);
    INFO(viaslurm.output);
    REQUIRE(viaslurm.exit_code == 0);
    CHECK_THAT(viaslurm.output, Catch::Contains("submitting 4 points as a Slurm job array"));
    const auto here = run_cposim(sweep + " --out " + local);
    REQUIRE(here.exit_code == 0);
    // Slurm ran the same simulations: every metric but the wall-clock ones agrees.
    const Table a = read_csv(out + "/results.csv"), b = read_csv(local + "/results.csv");
    REQUIRE(a.size() == 4);
    REQUIRE(b.size() == 4);
    for (size_t i = 0; i < a.size(); ++i)
        for (const auto& [k, v] : a[i]) {
            if (is_machine_field(k)) continue;
            INFO("point " << i << " " << k);
            CHECK(b[i].at(k) == v);
        }
    CHECK(fs::exists(out + "/slurm/array.sh"));
    fs::remove_all(out);
    fs::remove_all(local);
}

TEST_CASE("cposim run shows progress on a terminal and stays quiet otherwise", "[run][progress]") {
    // A run far longer than the test, stopped like Ctrl-C after 2.5 s of wall time (progress
    // appears after a second), so the test takes the same time in every build type.
    const std::string run = "timeout --preserve-status -s INT 2.5 env " +
                            cposim_command("run " + source_path("configs/default.yaml") + " --set sim.duration_us=1000000");
    const auto piped = run_shell(run + "; echo exit=$?");
    CHECK_THAT(piped.output, Catch::Contains("exit=130"));
    CHECK_THAT(piped.output, !Catch::Contains("ETA"));
    // util-linux `script` gives the program a pseudo-terminal.
    const auto tty = run_shell("script -qec " + shell_quote_arg(run) + " /dev/null; echo exit=$?");
    CHECK_THAT(tty.output, Catch::Contains("exit=130"));
    CHECK_THAT(tty.output, Catch::Contains("ETA") && Catch::Contains("simulated"));
}

TEST_CASE("a sweep stopped by SIGTERM stops its running points and leaves them to the next run", "[sweep]") {
    const std::string out = fresh_dir("sweep_sigterm");
    // Three points of ~40 s each, two at a time: SIGTERM after a second.
    const std::string sweep = cposim_command("sweep " + source_path("configs/default.yaml") +
                                             " --vary traffic.load=0.3,0.4,0.5 --set sim.duration_us=50000"
                                             " --jobs 2 --no-plots --out " + out);
    const auto r = run_shell("(" + sweep + ") & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo \"exit $?\"; sleep 0.5;"
                             // a point's bash runs .../points/NNNN/run.sh, its cposim writes .../report.json.tmp
                             // (the brackets keep this very command line from matching itself)
                             " pgrep -f " + shell_quote_arg(out + "/points/[0-9]*/(run[.]sh|report)") +
                             " >/dev/null && echo left || echo none left");
    INFO(r.output);
    CHECK_THAT(r.output, Catch::Contains("interrupted  by signal 15 (SIGTERM): 0 of 3 points done"));
    CHECK_THAT(r.output, Catch::Contains("exit 143"));
    CHECK_THAT(r.output, Catch::Contains("none left"));  // no point's bash or cposim still runs
    for (const char* p : {"0000", "0001", "0002"}) CHECK_FALSE(fs::exists(out + "/points/" + p + "/report.json"));
    fs::remove_all(out);
}

TEST_CASE("a sweep whose driver is killed with SIGKILL resumes and runs the half-done points again", "[sweep]") {
    const std::string out = fresh_dir("sweep_sigkill");
    // Two points of a few seconds each, both running when the driver is killed outright after
    // a second: its points die with it (no orphan goes on writing), nothing looks finished,
    // and the next run starts both again and finishes them.
    const std::string args = "sweep " + source_path("configs/default.yaml") +
                             " --vary traffic.load=0.3,0.4 --set sim.duration_us=5000 --jobs 2 --no-plots --out " + out;
    const auto r = run_shell("(" + cposim_command(args) + " >/dev/null 2>&1) & pid=$!; sleep 1; kill -KILL $pid; sleep 1;"
                             " pgrep -f " + shell_quote_arg(out + "/points/[0-9]*/(run[.]sh|report)") +
                             " >/dev/null && echo left || echo none left");
    INFO(r.output);
    CHECK_THAT(r.output, Catch::Contains("none left"));
    for (const char* p : {"0000", "0001"}) {
        INFO(p);
        CHECK(fs::exists(out + "/points/" + p + "/run.sh"));  // it had started
        CHECK_FALSE(fs::exists(out + "/points/" + p + "/report.json"));
    }
    CHECK_FALSE(fs::exists(out + "/results.csv"));
    const auto again = run_cposim(args);
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::Contains("2 points (2 to run, 0 already done)"));
    CHECK_THAT(again.output, Catch::Contains("(2 ok, 0 failed)"));
    fs::remove_all(out);
}

TEST_CASE("a run killed with SIGKILL leaves no report, CSV or waves that look complete", "[run]") {
    const std::string dir = fresh_dir("run_sigkill");
    const std::string args = "run " + source_path("configs/default.yaml") + " --set sim.duration_us=20000 --report " +
                             dir + "/r.json --csv " + dir + "/s.csv --vcd " + dir + "/w.vcd";
    const auto r = run_shell("(" + cposim_command(args) + " >/dev/null 2>&1) & pid=$!; sleep 1.5; kill -KILL $pid; "
                             "wait $pid 2>/dev/null; echo done");
    INFO(r.output);
    for (const char* f : {"r.json", "s.csv", "w.vcd"}) {
        INFO(f);
        CHECK_FALSE(fs::exists(dir + "/" + f));
    }
    CHECK(fs::exists(dir + "/s.csv.partial"));  // what it had written, named as incomplete
    CHECK(fs::exists(dir + "/w.vcd.partial"));
    fs::remove_all(dir);
}

TEST_CASE("a sweep's reports do not depend on --jobs", "[sweep][determinism]") {
    auto strip = [](nlohmann::json r) {
        return without_machine_fields(std::move(r)).dump();
    };
    const std::string one = fresh_dir("sweep_jobs1"), two = fresh_dir("sweep_jobs2");
    const std::string args = "sweep " + source_path("configs/default.yaml") +
                             " --vary traffic.load=0.3,0.6,0.9 --no-plots" + small;
    REQUIRE(run_cposim(args + " --jobs 1 --out " + one).exit_code == 0);
    REQUIRE(run_cposim(args + " --jobs 2 --out " + two).exit_code == 0);
    for (const char* p : {"0000", "0001", "0002"}) {
        INFO(p);
        std::ifstream a(one + "/points/" + p + "/report.json"), b(two + "/points/" + p + "/report.json");
        CHECK(strip(nlohmann::json::parse(a)) == strip(nlohmann::json::parse(b)));
    }
    fs::remove_all(one);
    fs::remove_all(two);
}

TEST_CASE("a run stopped with Ctrl-C writes every output for the time it simulated, exit 130", "[run]") {
    const std::string dir = fresh_dir("run_sigint");
    fs::create_directories(dir);
    const std::string args = "run " + source_path("configs/default.yaml") + " --set sim.duration_us=20000 --report " +
                             dir + "/r.json --csv " + dir + "/s.csv --vcd " + dir + "/w.vcd";
    const auto r = run_shell("(" + cposim_command(args) + " >" + dir + "/out.txt 2>&1) & pid=$!; sleep 2; "
                             "kill -INT $pid; wait $pid; echo exit=$?");
    INFO(r.output);
    CHECK_THAT(r.output, Catch::Contains("exit=130"));
    for (const char* f : {"r.json", "s.csv", "w.vcd"}) {
        INFO(f);
        CHECK(fs::exists(dir + "/" + f));
        CHECK_FALSE(fs::exists(dir + "/" + f + ".partial"));
    }
    std::ifstream in(dir + "/r.json");
    const auto report = nlohmann::json::parse(in);
    const auto& sim = report.at("sim");
    CHECK_FALSE(report.at("complete").get<bool>());
    const double simulated_ns = sim.at("sim_time_ns"), planned_ns = sim.at("planned_time_ns");
    CHECK(simulated_ns < planned_ns);
    CHECK(sim.at("measured_ns").get<double>() == Approx(simulated_ns - sim.at("warmup_us").get<double>() * 1e3));
    // Every packet accounted for, and the rates are those of the shorter window: a
    // Bernoulli source at load 0.7 offers 0.7 of the line rate whatever the run's length.
    const auto& p = report.at("packets");
    CHECK(p.at("injected").get<int64_t>() + p.at("replicated").get<int64_t>() ==
          p.at("delivered").get<int64_t>() + p.at("dropped_total").get<int64_t>() + p.at("in_flight").get<int64_t>());
    const double load = report.at("parameters").at("values").at("traffic.load");
    CHECK(report.at("throughput").at("offered_load").get<double>() == Approx(load).epsilon(0.05));
    CHECK(report.at("throughput").at("accepted_load").get<double>() == Approx(load).epsilon(0.05));
    std::ifstream out(dir + "/out.txt");
    const std::string printed((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
    CHECK_THAT(printed, Catch::Contains("interrupted: the run stopped at"));
    CHECK_THAT(printed, Catch::Contains("stopped early"));
    fs::remove_all(dir);
}
