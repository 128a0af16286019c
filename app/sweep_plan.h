// A design-space sweep: the cartesian product of --vary axes over one scenario.
//   --vary traffic.load=0.1:1.0:0.1        a numeric range, both ends included
//   --vary switch.queueing=output,voq_islip  a list (values may carry units: 400G,800G)
#pragma once

#include <string>
#include <vector>

#include "parameters.h"

namespace cposim {

struct SweepAxis {
    std::string key;
    std::vector<std::string> values;  // as --set values
};

struct SweepPoint {
    int index = 0;
    std::vector<std::string> sets;  // "key=value" for every varied parameter, then --set ones
};

// Parses one --vary argument; throws ConfigError naming the argument.
SweepAxis parse_sweep_axis(const std::string& arg);

// Every combination, the first axis varying slowest. Each point's parameters are checked
// against the registry (with the scenario and the common --set overrides) before anything
// runs, so a bad value fails the whole sweep up front with exit code 2.
std::vector<SweepPoint> expand_sweep(const std::string& scenario, const std::vector<SweepAxis>& axes,
                                     const std::vector<std::string>& common_sets,
                                     const ParameterRegistry& registry);

}  // namespace cposim
