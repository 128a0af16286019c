#include "lane_rate.h"

#include <stdexcept>

namespace cposim {

const char* modulation_name(Modulation m) { return m == Modulation::nrz ? "nrz" : "pam4"; }

Modulation parse_modulation(const std::string& name) {
    if (name == "nrz") return Modulation::nrz;
    if (name == "pam4") return Modulation::pam4;
    throw std::invalid_argument("unknown modulation '" + name + "' (nrz, pam4)");
}

int bits_per_symbol(Modulation m) { return m == Modulation::nrz ? 1 : 2; }
int levels(Modulation m) { return m == Modulation::nrz ? 2 : 4; }

LaneRate LaneRate::from_line_rate(double line_rate_gbps, Modulation m) {
    return LaneRate(line_rate_gbps / bits_per_symbol(m), m);
}

}  // namespace cposim
