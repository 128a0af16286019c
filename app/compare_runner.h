// cposim compare A.yaml B.yaml: runs both scenarios (each its own process), prints their
// key results side by side with the relative difference, and draws the power breakdown.
#pragma once

#include <string>
#include <vector>

namespace cposim {

struct CompareOptions {
    std::vector<std::string> scenarios;  // two or more
    std::vector<std::string> sets;       // applied to every scenario
    std::string out_dir;
    bool plots = true;
};

// Returns 0, or the first failing run's exit code. Throws ConfigError for bad arguments.
int run_compare(const CompareOptions& options);

}  // namespace cposim
