// Runs a sweep: one `cposim run` process per point, locally in parallel or as a Slurm job
// array, then merges the reports into one CSV and draws plots.
//
// Layout of the output directory:
//   plan.json                 the sweep (scenario and every point's parameters)
//   points/NNNN/run.sh        the exact command of point NNNN
//   points/NNNN/report.json   its report, present only once it succeeded (resume key)
//   points/NNNN/stdout.txt, stderr.txt, error.txt
//   results.csv               one row per point: status, varied parameters, every metric
//   plots/*.png, plots/*.svg
// A sweep whose directory already holds the same plan resumes: points with a report are
// not run again.
#pragma once

#include <string>
#include <vector>

#include "sweep_plan.h"

namespace cposim {

struct SweepOptions {
    std::string scenario;
    std::vector<SweepAxis> axes;
    std::vector<std::string> common_sets;
    int jobs = 1;
    std::string out_dir;
    std::string backend = "local";  // local | slurm
    bool plots = true;
};

// Returns the exit code: 0 every point succeeded, 1 some points failed (recorded in
// results.csv). Throws ConfigError for a bad sweep (exit 2).
int run_sweep(const SweepOptions& options);

}  // namespace cposim
