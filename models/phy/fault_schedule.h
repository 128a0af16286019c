// Faults scheduled in a scenario, as the text parameter faults.schedule: entries separated
// by ';', each a kind followed by key=value fields (times with units):
//   lane_down  port=3 lane=2 at=50us          a lane dies; its port's link goes down
//   laser_fail engine=1 laser=0 at=80us       a laser dies; every lane it feeds goes down
//   ber        port=5 ber=1e-4 from=20us to=60us   pre-FEC BER forced on a port for a window
//                                             (port=all: every port)
//   temp_step  engine=2 delta=15 at=30us      the engine's coolant/ambient steps by delta K
#pragma once

#include <string>
#include <vector>

#include "packet.h"
#include "parameters.h"

namespace cposim {

enum class FaultKind { lane_down, laser_fail, ber, temp_step };

struct Fault {
    FaultKind kind;
    int port = -1;    ///< -1: every port (ber only)
    int lane = -1;
    int engine = -1;
    int laser = -1;
    double ber = 0;
    double delta_k = 0;
    TimePs at = 0;     ///< start (ber: from)
    TimePs until = 0;  ///< ber: end of the window
    std::string text;  ///< the entry as written, for the report
};

struct FaultLimits {
    int ports = 0, lanes_per_port = 0, engines = 0, lasers_per_engine = 0;
    TimePs run_end = INT64_MAX;  ///< a fault must start before the run ends
};

// Parses faults.schedule; throws ConfigError naming the entry and the field.
std::vector<Fault> parse_fault_schedule(const ParameterSet& params, const FaultLimits& limits);

void declare_fault_parameters(ParameterRegistry& r);

}  // namespace cposim
