// The human-readable summary of a report that `cposim run` prints.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace cposim {

void print_summary(std::ostream& out, const nlohmann::json& report);

}  // namespace cposim
