// The human-readable summary of a report that `cposim run` prints.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace cposim {

void print_summary(std::ostream& out, const nlohmann::json& report);
// A fabric run's (fabric_summary.cpp); print_summary() calls it for a report with a fabric.
void print_fabric_summary(std::ostream& out, const nlohmann::json& report);

}  // namespace cposim
