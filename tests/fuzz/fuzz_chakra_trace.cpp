// libFuzzer harness: one rank's Chakra execution trace (workload.trace), read by the project's
// own protobuf wire reader. Bad input must end in a ConfigError, never read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chakra_trace.h"
#include "errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        (void)cposim::parse_chakra_rank(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.0.et", 0);
    } catch (const cposim::ConfigError&) {
    }
    return 0;
}
