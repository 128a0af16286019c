// Builds and runs one switch scenario: N Bernoulli sources -> N fibre links -> the switch
// -> N fibre links -> N sinks, then assembles the JSON report. One call per process:
// SystemC cannot restart a simulation.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "parameters.h"

namespace cposim {

struct SimulationConfig {
    double duration_us = 0;
    double warmup_us = 0;
    uint64_t seed = 0;
    double quantum_ns = 0;
    double link_length_m = 0;

    static void declare_parameters(ParameterRegistry& r);
    static SimulationConfig from(const ParameterSet& p);  // checks cross-parameter rules
};

struct RunOptions {
    std::string scenario_name;  ///< shown in the report
    std::string vcd_path;       ///< empty: no waves
    std::string csv_path;       ///< empty: no time series
    std::string pcap_out_dir;   ///< empty: no captures; else egress and drop captures there
    uint32_t pcap_snaplen = 0;  ///< bytes kept per captured frame, 0: whole frames
};

// Runs the scenario and returns the report. Throws ModelInconsistency (after the report is
// complete, with the report attached to the message) when packet accounting fails.
nlohmann::json run_switch_scenario(const ParameterSet& params, const RunOptions& options);

// The process's peak resident memory so far, MB.
double peak_rss_mb();
// The process's CPU time in the kernel so far, s: in a run, mostly its page faults (the
// clearing of fresh memory its packets and queues grow into).
double kernel_cpu_s();

// The run's parameter values (and per-instance values) with their units, for the report.
nlohmann::json parameters_json(const ParameterSet& params);

// Checks injected = delivered + dropped + in flight; throws ModelInconsistency if not.
void check_packet_accounting(const nlohmann::json& report);

}  // namespace cposim
