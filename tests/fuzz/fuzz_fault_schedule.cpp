// libFuzzer harness: the fault schedule (faults.schedule), for a 64-port switch of 8-lane
// ports on 8 engines of 8 lasers and a 100 us run. Bad input must end in a ConfigError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "all_parameters.h"
#include "errors.h"
#include "fault_schedule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    cposim::ParameterSet params(cposim::parameter_registry());
    try {
        params.set("faults.schedule", std::string(reinterpret_cast<const char*>(data), size), "fuzz");
        (void)cposim::parse_fault_schedule(params, {64, 8, 8, 8, 100'000'000});
    } catch (const cposim::ConfigError&) {
    }
    return 0;
}
