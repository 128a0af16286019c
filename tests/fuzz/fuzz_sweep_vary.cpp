// libFuzzer harness: a sweep's --vary argument, parsed and expanded against the registry
// (every point's values checked) as `cposim sweep` does before running anything. Bad input
// must end in a ConfigError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "all_parameters.h"
#include "errors.h"
#include "sweep_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const cposim::SweepAxis axis = cposim::parse_sweep_axis(std::string(reinterpret_cast<const char*>(data), size));
        if (axis.values.size() <= 1000)  // a huge grid is legal but slow; the parse is what is fuzzed
            (void)cposim::expand_sweep("", {axis}, {}, cposim::parameter_registry());
    } catch (const cposim::ConfigError&) {
    }
    return 0;
}
