// Merges VCD files that share one time axis (the model's waves and the RTL's, both in
// picoseconds of simulated time) into one, so that one GTKWave view shows them together.
// Each input's signals keep their scopes, under a scope of the input's own when one is
// given; identifiers are renumbered so that they do not collide; value changes are written
// in time order, equal times in the order of the inputs.
#pragma once

#include <string>
#include <vector>

namespace cposim {

struct VcdInput {
    std::string path;
    std::string scope;  ///< put its scopes under this one ("" : at the top)
};

// Writes the merge of `inputs` to `out_path` (which may be one of the inputs: the result
// replaces it). Throws ConfigError when a file cannot be read or written, and
// ModelInconsistency when one is not a VCD with a 1 ps timescale or its time goes back.
void merge_vcd(const std::vector<VcdInput>& inputs, const std::string& out_path);

}  // namespace cposim
