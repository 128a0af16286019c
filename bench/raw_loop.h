// (a) of fwd_bench: cycles per second of the raw Verilated fwd_pipeline, one header per
// clock, decisions always taken; prints its line of the report.
#pragma once

#include <cstdint>

namespace cposim {

double raw_cycles_per_s(uint64_t cycles);

}  // namespace cposim
