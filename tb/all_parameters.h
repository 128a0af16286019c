// The one registry of every cposim parameter: each model declares its own parameters in
// its declare_parameters(); this file only collects them.
#pragma once

#include "parameters.h"

namespace cposim {

const ParameterRegistry& parameter_registry();

}  // namespace cposim
