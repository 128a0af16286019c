// Two independent standard normal numbers from two uniform ones (Box-Muller), so that the
// assembly Monte Carlo does not depend on the standard library's distributions (whose output
// differs between implementations) and uses a fixed number of draws per call.
#pragma once

#include <cmath>
#include <utility>

#include "random.h"

namespace cposim {

inline std::pair<double, double> normal_pair(Random& rng) {
    constexpr double two_pi = 6.283185307179586476925;
    const double r = std::sqrt(-2.0 * std::log(rng.uniform_open0()));  // uniform in (0, 1]: log is finite
    const double a = two_pi * rng.uniform_open0();
    return {r * std::cos(a), r * std::sin(a)};
}

}  // namespace cposim
