// libFuzzer harness: a scenario's YAML and --set overrides (units included), as a user could
// type them. The input is split at the first NUL: YAML before it, --set lines after it, then
// each override is also applied to one instance (INSTANCE:key=value). Bad input must end in
// a ConfigError; any other exception, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "all_parameters.h"
#include "errors.h"
#include "parameters.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t nul = input.find('\0');
    cposim::ParameterSet params(cposim::parameter_registry());
    try {
        params.load_yaml_text(input.substr(0, nul), "fuzz.yaml");
    } catch (const cposim::ConfigError&) {
    }
    if (nul == std::string::npos) return 0;
    std::istringstream sets(input.substr(nul + 1));
    for (std::string line; std::getline(sets, line);) {
        try {
            params.apply_override(line);
        } catch (const cposim::ConfigError&) {
        }
        try {
            (void)params.for_instance(line.substr(0, line.find(':')));
        } catch (const cposim::ConfigError&) {
        }
    }
    try {
        params.check_instances_matched();
    } catch (const cposim::ConfigError&) {
    }
    return 0;
}
