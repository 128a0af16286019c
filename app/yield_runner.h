// `cposim yield`: the Monte Carlo over N assembled packages of a scenario's switch (plain C++
// in models/assembly, on worker threads), its report, per-package CSV, histograms and plots;
// with --vary, the yield against one varied parameter (a yield curve).
//
// Output directory:
//   report.json               the yields, losses, margins and cost (with --vary: the curve)
//   packages.csv              one row per package
//   alignment_loss_hist.csv, lane_margin_hist.csv
//   plots/alignment_loss.*, plots/lane_margin.*  (PNG and SVG)
//   with --vary: points/NNNN/ holding the above for each value, yield_curve.csv, plots/yield_curve.*
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cposim {

struct YieldOptions {
    std::string scenario;
    std::vector<std::string> sets;
    std::vector<std::string> vary;  ///< at most one key=start:stop:step or key=a,b,c
    int64_t packages = 1000;
    int jobs = 1;
    std::string seed;               ///< empty: assembly.seed as set
    std::string out_dir;
    bool plots = true;
};

// Returns the exit code (0). Throws ConfigError for bad input (exit 2).
int run_yield(const YieldOptions& options);

}  // namespace cposim
