// What `cposim yield` writes for one Monte Carlo: report.json's fields, packages.csv (one row
// per package), the histograms of alignment loss and lane margin as CSV, and the summary it
// prints.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "package_monte_carlo.h"

namespace cposim {

nlohmann::json yield_report(const SwitchPackageModel& model, const MonteCarloResult& result);
void write_packages_csv(const MonteCarloResult& result, const std::string& path);
// alignment_loss_hist.csv and lane_margin_hist.csv in `dir`: low, high, count per bin.
void write_histograms(const MonteCarloResult& result, const std::string& dir);
void print_yield_summary(std::ostream& out, const nlohmann::json& report);

}  // namespace cposim
