// An optical circuit switch (OCS): a fibre path from port to port, set by mirrors (MEMS) or by
// tuning lasers into gratings (nanosecond class); no buffers, no packet processing. What it
// does to a link is its insertion loss (with a spread over ports) and its crosstalk, added to
// the two leaves' optical budget; what it costs is its power per port and the time circuits
// go dark while it reconfigures. Every figure comes from ocs.technology unless set (sources
// in docs/ocs.md and docs/references.md, "Optical circuit switching").
#pragma once

#include <string>

#include "packet.h"
#include "parameters.h"

namespace cposim {

enum class OcsTechnology { mems, fast };
enum class OcsSchedule { static_matchings, rotor, demand };
enum class OcsRouting { direct, two_hop };

struct OcsConfig {
    OcsTechnology technology = OcsTechnology::mems;
    int ports = 136;
    double insertion_loss_db = 2.0;
    double insertion_loss_spread_db = 0.3;  ///< standard deviation over port pairs
    double crosstalk_db = -50;              ///< power from other inputs at an output, dB below the signal
    double reconfig_us = 1200;              ///< circuits dark while the switch moves
    double circuit_us = 100000;             ///< how long a configuration holds (rotor)
    double power_w_per_port = 0.794;
    OcsSchedule schedule = OcsSchedule::static_matchings;
    OcsRouting routing = OcsRouting::direct;
    double demand_window_us = 1000;         ///< demand: traffic measured over this window ...
    double controller_us = 100;             ///< ... and the new circuits ordered this long after it
    double time_step_ns = 1000;             ///< the fluid run's longest step

    TimePs reconfig_ps() const { return static_cast<TimePs>(reconfig_us * 1e6 + 0.5); }
    TimePs circuit_ps() const { return static_cast<TimePs>(circuit_us * 1e6 + 0.5); }

    static void declare_parameters(ParameterRegistry& r);  // ocs.*
    static OcsConfig from(const ParameterSet& p);          // ConfigError naming the key
};

const char* ocs_schedule_name(OcsSchedule s);
const char* ocs_routing_name(OcsRouting r);

}  // namespace cposim
