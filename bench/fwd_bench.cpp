// Speed of the forwarding-pipeline RTL, in clock cycles per wall-clock second, three ways:
//   (a) the Verilated model (--cc) in a plain C++ loop, one header per clock;
//   (b) the same model inside the co-simulation: a cposim switch run with
//       switch.pipeline=rtl (clocks of the RTL / wall time of the whole simulation);
//   (c) Icarus Verilog on the same RTL (tb/rtl/bench_fwd_pipeline.sv), where installed.
// Prints each rate and the ratios (b)/(a) (target >= 0.5) and (b)/(c) (target >= 50).
// A benchmark, not a test: it asserts nothing about time.
//
//   fwd_bench [--cycles N] [--icarus-cycles N] [--sim-us T]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

#include <systemc>

#include "all_parameters.h"
#include "rtl_model.h"
#include "switch_testbench.h"
#include "raw_loop.h"

using namespace cposim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// (b): a switch run with the RTL deciding every packet.
double cosim_cycles_per_s(double sim_us) {
    ParameterSet params(parameter_registry());
    params.load_yaml_file(std::string(CPOSIM_SOURCE_DIR) + "/configs/default.yaml");
    params.set("switch.pipeline", "rtl", "fwd_bench");
    params.set("sim.duration_us", std::to_string(sim_us), "fwd_bench");
    params.set("sim.warmup_us", std::to_string(sim_us / 10), "fwd_bench");
    RunOptions options;
    options.scenario_name = "fwd_bench";
    const uint64_t before = fwd::RtlModel::total_cycles();
    const auto t0 = Clock::now();
    const nlohmann::json report = run_switch_scenario(params, options);
    const double s = seconds_since(t0);  // elaboration, programming and simulation
    const uint64_t cycles = fwd::RtlModel::total_cycles() - before;
    const auto packets = report.at("packets").at("injected").get<long long>();
    std::printf("(b) RTL inside the co-simulation:    %12.0f cycles/s  (%llu cycles, %lld packets, %.2f s: a %g us switch run, 64 ports)\n",
                cycles / s, static_cast<unsigned long long>(cycles), packets, s, sim_us);
    return cycles / s;
}

// (c): Icarus Verilog; the rate is the difference of two runs, so compile and start-up
// time cancel out. Returns 0 when Icarus is not installed. The package comes first (Icarus
// needs it before its users); the modules are found in rtl/ as a library (-y).
double icarus_cycles_per_s(uint64_t cycles) {
    const std::string dir = std::string(CPOSIM_SOURCE_DIR);
    const std::string out = "/tmp/fwd_bench_icarus_" + std::to_string(::getpid());
    const std::string compile = "iverilog -g2012 -DSYNTHESIS -o " + out +
                                " -s bench_fwd_pipeline -y " + dir + "/rtl -Y .sv " + dir +
                                "/rtl/fwd_pkg.sv " + dir + "/tb/rtl/bench_fwd_pipeline.sv > " + out +
                                ".log 2>&1";
    if (std::system("command -v iverilog > /dev/null && command -v vvp > /dev/null") != 0) {
        std::printf("(c) Icarus Verilog:                  not installed\n");
        return 0;
    }
    if (std::system(compile.c_str()) != 0) {
        std::printf("(c) Icarus Verilog:                  compile failed (see %s.log)\n", out.c_str());
        return 0;
    }
    auto run = [&](uint64_t n) {
        const auto t0 = Clock::now();
        const std::string cmd = "vvp -n " + out + " +cycles=" + std::to_string(n) + " > /dev/null";
        if (std::system(cmd.c_str()) != 0) return -1.0;
        return seconds_since(t0);
    };
    const uint64_t small = cycles / 10;
    const double t_small = run(small), t_big = run(cycles);
    std::remove(out.c_str());
    std::remove((out + ".log").c_str());
    if (t_small < 0 || t_big < 0 || t_big <= t_small) {
        std::printf("(c) Icarus Verilog:                  run failed\n");
        return 0;
    }
    const double rate = static_cast<double>(cycles - small) / (t_big - t_small);
    std::printf("(c) Icarus Verilog (vvp):            %12.0f cycles/s  (%llu - %llu cycles: %.2f s - %.2f s)\n",
                rate, static_cast<unsigned long long>(cycles), static_cast<unsigned long long>(small),
                t_big, t_small);
    return rate;
}

}  // namespace

int sc_main(int argc, char** argv) {
    uint64_t cycles = 2000000, icarus_cycles = 20000;
    double sim_us = 50;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--cycles")
            cycles = std::strtoull(argv[i + 1], nullptr, 10);
        else if (a == "--icarus-cycles")
            icarus_cycles = std::strtoull(argv[i + 1], nullptr, 10);
        else if (a == "--sim-us")
            sim_us = std::strtod(argv[i + 1], nullptr);
        else {
            std::fprintf(stderr, "usage: fwd_bench [--cycles N] [--icarus-cycles N] [--sim-us T]\n");
            return 2;
        }
    }
    std::printf("fwd_pipeline speed (rtl/fwd_pipeline.sv, DATA_WIDTH 1024, 64 ports)\n");
    const double a = raw_cycles_per_s(cycles);
    const double b = cosim_cycles_per_s(sim_us);
    const double c = icarus_cycles_per_s(icarus_cycles);
    std::printf("(b)/(a) = %.2f   (target >= 0.5)\n", b / a);
    if (c > 0) std::printf("(b)/(c) = %.0f   (target >= 50)\n", b / c);
    return 0;
}
