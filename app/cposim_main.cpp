// The cposim program.
//   cposim run SCENARIO [--set key=value]... [--report FILE] [--vcd FILE] [--csv FILE] [--seed N]
//              [--pcap-out DIR] [--pcap-snaplen BYTES]
//   cposim params [SCENARIO] [--set key=value]...
//   cposim sweep SCENARIO --vary key=a:b:step|a,b,c ... [--set key=value]... [--jobs N]
//                [--out DIR] [--backend local|slurm] [--no-plots]
//   cposim compare A.yaml B.yaml [--set key=value]... [--out DIR] [--no-plots]
//   cposim yield SCENARIO --packages N [--jobs J] [--out DIR] [--set key=value]...
//                [--vary key=a:b:step|a,b,c] [--seed N] [--no-plots]
//   cposim classify FILE.pcap [--pipeline golden|rtl|checked] [--format jsonl|csv] [--set key=value]...
// Exit codes: 0 success, 2 bad input, 1 the model detected an inconsistency in itself.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <fstream>
#include <iostream>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <systemc>

#include "all_parameters.h"
#include "atomic_file.h"
#include "errors.h"
#include "report_summary.h"
#include "classify_runner.h"
#include "run_control.h"
#include "compare_runner.h"
#include "sweep_runner.h"
#include "yield_runner.h"
#include "switch_testbench.h"
#include "fabric_testbench.h"

namespace {

using cposim::ParameterSet;

ParameterSet load_parameters(const std::string& scenario, const std::vector<std::string>& sets) {
    ParameterSet params(cposim::parameter_registry());
    if (!scenario.empty()) params.load_yaml_file(scenario);
    for (const auto& s : sets) params.apply_override(s);
    return params;
}

void print_parameters(const ParameterSet& params, bool show_values) {
    std::cout << fmt::format("{:<32} {:>10} {:<8} {:<28} {}\n", "parameter",
                             show_values ? "value" : "default", "unit", "allowed", "description");
    for (const auto& [key, spec] : params.registry().all()) {
        const auto& v = params.value(key);
        std::cout << fmt::format("{:<32} {:>10} {:<8} {:<28} {}\n", key,
                                 show_values ? v.text : spec.default_as_text(), spec.unit,
                                 spec.range_as_text(), spec.doc);
    }
    if (!params.overrides().empty()) {
        std::cout << "\nper instance (in the order given; the last that reaches an instance wins):\n";
        for (const auto& o : params.overrides())
            std::cout << fmt::format("  {}:{} = {}   ({})\n", o.pattern, o.key, o.value.text, o.value.origin);
    }
    std::cout << "\n"
                 "Any parameter can also be set for the instances whose name matches a pattern (* and ?)\n"
                 "and everything inside them; where several reach one, the last given wins:\n"
                 "  --set 'INSTANCE:KEY=VALUE'      or in YAML:  instances: {\"INSTANCE\": {KEY: VALUE}}\n"
                 "Instances of a run (SystemC module names):\n"
                 "  switch              the switch: switch.*, pfc.*, ecn.*, power.*, and what is inside it\n"
                 "  switch.engine<e>    optical engine e (ports e x ports per engine, ...): optics.*, laser.*, thermal.*, cooling.* (its own)\n"
                 "  switch.chassis      the box around them: cooling.*, system.*, cost.*\n"
                 "  switch.phy<i>       the PHY of port i: phy.ber, phy.fec_latency, phy.burst_length_bits, phy.model, ...\n"
                 "  partners            the link partners: traffic.*\n"
                 "Fabric runs (fabric.topology other than single, docs/fabric.md):\n"
                 "  leaf<i>, spine<j>   leaf-spine and rail switches (each as 'switch' above: leaf3.phy0, spine*.engine*, ...)\n"
                 "  edge<p>_<i>, agg<p>_<j>, core<c>   fat-tree switches of pod p\n"
                 "  hosts, hosts.gpu<h> the GPUs and their NICs: host.*, workload.*, dcqcn.* (host.traffic_class per GPU)\n"
                 "e.g. --set 'switch.phy3:phy.ber=1e-5'  --set 'switch.engine*:cooling.coolant_temperature_c=35'\n";
}

void make_parent_directory(const std::string& path) {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
}

void write_report(const nlohmann::json& report, const std::string& path) {
    cposim::write_file_atomically(path, report.dump(2) + "\n");  // complete, or not there
}

}  // namespace

// SystemC prints its banner before sc_main runs unless this is set: set it during static
// initialisation so the output stays a clean summary.
static const bool banner_off = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0) == 0;

int sc_main(int argc, char* argv[]) {
    (void)banner_off;
    // A sweep's point (run.sh sets this) ends when its script does, so a killed sweep leaves
    // no run behind that would race the point's next run.
    if (std::getenv("CPOSIM_DIE_WITH_PARENT")) {
        const pid_t parent = ::getppid();
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) return 137;
    }
    CLI::App app{"cposim: cycle-approximate model of a co-packaged-optics switch"};
    app.require_subcommand(1);

    std::string scenario, report_path, vcd_path, csv_path;
    std::vector<std::string> sets;
    std::string seed;
    auto* run = app.add_subcommand("run", "run a scenario and write its report");
    run->add_option("scenario", scenario, "scenario YAML file (configs/*.yaml)")->required();
    run->add_option("--set", sets, "override a parameter: key=value (repeatable)");
    run->add_option("--report", report_path, "write the JSON report to FILE");
    run->add_option("--vcd", vcd_path, "write model-level waves (VCD) to FILE");
    run->add_option("--csv", csv_path, "write a time series (CSV) to FILE, every report.csv_interval");
    run->add_option("--seed", seed, "random seed (same as --set sim.seed=N)");
    std::string pcap_out;
    uint32_t pcap_snaplen = 0;
    run->add_option("--pcap-out", pcap_out,
                    "write captures to DIR: portN.pcapng (frames egress port N sent), drops.pcapng (dropped "
                    "frames, each with its reason as a comment)");
    run->add_option("--pcap-snaplen", pcap_snaplen, "bytes kept of each captured frame (default 0: whole frames)");

    std::string params_scenario;
    std::vector<std::string> params_sets;
    auto* params_cmd =
        app.add_subcommand("params", "list every parameter (with a scenario: its values)");
    params_cmd->add_option("scenario", params_scenario, "scenario YAML file");
    params_cmd->add_option("--set", params_sets, "override a parameter: key=value");

    std::string sweep_scenario, sweep_out, sweep_backend = "local";
    std::vector<std::string> sweep_vary, sweep_sets;
    int sweep_jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool sweep_no_plots = false;
    auto* sweep = app.add_subcommand("sweep", "run every combination of --vary values, each as its own process");
    sweep->add_option("scenario", sweep_scenario, "scenario YAML file")->required();
    sweep->add_option("--vary", sweep_vary, "key=start:stop:step or key=a,b,c (repeatable)")->required();
    sweep->add_option("--set", sweep_sets, "override a parameter for every point: key=value");
    sweep->add_option("--jobs", sweep_jobs, "points run at once (default: cores)");
    sweep->add_option("--out", sweep_out, "output directory (default: sweeps/<scenario name>)");
    sweep->add_option("--backend", sweep_backend, "local (processes here) or slurm (sbatch job array)");
    sweep->add_flag("--no-plots", sweep_no_plots, "do not draw plots");

    std::vector<std::string> compare_scenarios, compare_sets;
    std::string compare_out;
    bool compare_no_plots = false;
    auto* compare = app.add_subcommand("compare", "run two or more scenarios and compare them side by side");
    compare->add_option("scenarios", compare_scenarios, "scenario YAML files, 2 to 16")->required()->expected(2, 16);
    compare->add_option("--set", compare_sets, "override a parameter in every scenario: key=value");
    compare->add_option("--out", compare_out, "output directory (default: compare/<A>-vs-<B>)");
    compare->add_flag("--no-plots", compare_no_plots, "do not draw the chart");

    cposim::YieldOptions yield_options;
    yield_options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool yield_no_plots = false;
    auto* yield = app.add_subcommand("yield", "Monte Carlo of assembled packages: coupling loss, lane margins, yield, cost");
    yield->add_option("scenario", yield_options.scenario, "scenario YAML file (its switch is assembled)")->required();
    yield->add_option("--packages", yield_options.packages, "packages to assemble (default 1000)");
    yield->add_option("--jobs", yield_options.jobs, "worker threads (default: cores); results do not depend on it");
    yield->add_option("--out", yield_options.out_dir, "output directory (default: yield/<scenario name>)");
    yield->add_option("--set", yield_options.sets, "override a parameter: key=value (repeatable)");
    yield->add_option("--vary", yield_options.vary, "one parameter's values, key=start:stop:step or key=a,b,c: a yield curve");
    yield->add_option("--seed", yield_options.seed, "assembly seed (same as --set assembly.seed=N)");
    yield->add_flag("--no-plots", yield_no_plots, "do not draw plots");

    cposim::ClassifyOptions classify_options;
    auto* classify = app.add_subcommand(
        "classify", "each frame of a capture through the forwarding pipeline alone: parsed fields and decision per line");
    classify->add_option("file", classify_options.file, "capture file (pcap or pcapng, Ethernet)")->required();
    classify->add_option("--pipeline", classify_options.pipeline, "golden (default), rtl, or checked (both, compared)");
    classify->add_option("--format", classify_options.format, "jsonl (default: one JSON object per line) or csv");
    classify->add_option("--set", classify_options.sets,
                         "override a parameter: key=value (switch.ports, traffic.pcap_port, traffic.pcap_pad_short)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        if (*params_cmd) {
            print_parameters(load_parameters(params_scenario, params_sets), !params_scenario.empty() || !params_sets.empty());
            return 0;
        }
        if (*compare) {
            cposim::CompareOptions o;
            o.scenarios = compare_scenarios;
            o.sets = compare_sets;
            o.out_dir = compare_out;
            if (o.out_dir.empty()) {
                o.out_dir = "compare/";
                for (size_t i = 0; i < compare_scenarios.size(); ++i)
                    o.out_dir += (i ? "-vs-" : "") + std::filesystem::path(compare_scenarios[i]).stem().string();
            }
            o.plots = !compare_no_plots;
            return cposim::run_compare(o);
        }
        if (*classify) return cposim::run_classify(classify_options);
        if (*yield) {
            if (yield_options.out_dir.empty())
                yield_options.out_dir = "yield/" + std::filesystem::path(yield_options.scenario).stem().string();
            yield_options.plots = !yield_no_plots;
            return cposim::run_yield(yield_options);
        }
        if (*sweep) {
            cposim::SweepOptions o;
            o.scenario = sweep_scenario;
            for (const auto& v : sweep_vary) o.axes.push_back(cposim::parse_sweep_axis(v));
            o.common_sets = sweep_sets;
            o.jobs = sweep_jobs;
            o.out_dir = sweep_out.empty()
                            ? "sweeps/" + std::filesystem::path(sweep_scenario).stem().string()
                            : sweep_out;
            o.backend = sweep_backend;
            o.plots = !sweep_no_plots;
            return cposim::run_sweep(o);
        }
        if (!seed.empty()) sets.push_back("sim.seed=" + seed);  // checked like any --set
        ParameterSet params = load_parameters(scenario, sets);
        for (const auto* path : {&report_path, &vcd_path, &csv_path})
            if (!path->empty()) make_parent_directory(*path);
        cposim::RunOptions options;
        options.scenario_name = scenario;
        options.vcd_path = vcd_path;
        options.csv_path = csv_path;
        options.pcap_out_dir = pcap_out;
        options.pcap_snaplen = pcap_snaplen;
        // Ctrl-C ends the run at the next quantum with every output written, as a shorter run's
        // ("complete": false); a second Ctrl-C ends it at once. A sweep's points keep the
        // default, so a stopped sweep never leaves a short run's report as a point's result.
        if (!std::getenv("CPOSIM_DIE_WITH_PARENT")) cposim::run_control::stop_on_interrupt();
        const bool fabric = params.text("fabric.topology") != "single";
        const nlohmann::json report = fabric ? cposim::run_fabric_scenario(params, options)
                                             : cposim::run_switch_scenario(params, options);
        if (!report_path.empty()) write_report(report, report_path);
        cposim::print_summary(std::cout, report);
        if (!report.contains("fabric") || report.at("fabric").at("fidelity") == "packet")
            cposim::check_packet_accounting(report);  // a flow-level run has no packets
        if (!report_path.empty()) std::cout << "  report       " << report_path << "\n";
        if (!vcd_path.empty()) std::cout << "  waves        " << vcd_path << "\n";
        if (!csv_path.empty()) std::cout << "  time series  " << csv_path << "\n";
        if (!pcap_out.empty())
            std::cout << "  captures     " << pcap_out << "/port*.pcapng (" << report.at("pcap_out").at("egress_frames")
                      << " frames sent), " << pcap_out << "/drops.pcapng (" << report.at("pcap_out").at("dropped_frames")
                      << " dropped)\n";
        if (!report.at("complete").get<bool>()) {
            std::cerr << fmt::format("cposim: interrupted: the run stopped at {:.3f} us of {:.3f} us planned; "
                                     "its outputs cover that time (\"complete\": false)\n",
                                     report.at("sim").at("sim_time_ns").get<double>() * 1e-3,
                                     report.at("sim").at("planned_time_ns").get<double>() * 1e-3);
            return 130;  // as a shell reports a run ended by SIGINT
        }
        return 0;
    } catch (const cposim::ConfigError& e) {
        std::cerr << "cposim: error: " << e.what() << "\n";
        return 2;
    } catch (const cposim::ModelInconsistency& e) {
        std::cerr << "cposim: MODEL INCONSISTENCY (a bug in cposim, please report it): "
                  << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {  // SystemC reports and anything unexpected
        std::cerr << "cposim: INTERNAL ERROR (a bug in cposim, please report it): " << e.what() << "\n";
        return 1;
    }
}
