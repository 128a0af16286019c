// An optical engine as a module: it serves a group of ports (a 51.2T switch's eight 6.4T
// engines serve 8 x 800G each), owns its lasers, micro-ring heaters and temperature, and
// counts its power. What changes during a run (coolant steps, failed lasers) is known
// before it starts, so the engine plans its states up front: a timeline of segments, each
// the steady state (or a point of the first-order thermal lag) from its time on. The PHYs
// of its ports read the timeline for their error rates and link state. No packets cross an
// engine: its ports' PortPhy modules carry them.
#pragma once

#include <vector>

#include <systemc>

#include "fault_schedule.h"
#include "phy_config.h"
#include "report.h"
#include "time_series.h"
#include "vcd_writer.h"

namespace cposim {

struct PhyPower {  // W: mean over a window, or at a time; the report's power_w parts
    double host_serdes = 0, optics_interface = 0, optics = 0, optics_control = 0, thermal_tuning = 0, laser = 0,
           laser_overhead = 0;
    double total() const {
        return host_serdes + optics_interface + optics + optics_control + thermal_tuning + laser + laser_overhead;
    }
};

class OpticalEngine : public sc_core::sc_module, public StatsProvider {
public:
    struct Segment {  // the engine's state from `t` on
        TimePs t;
        PhyOperatingPoint op;
        double laser_fraction_working;
        bool off;  // shut down over its temperature limit (latched for the rest of the run)
    };
    struct Alarm {  // the first time the engine went over its limit
        TimePs t;
        double temperature_c, limit_c;
        bool shutdown;
    };

    /// index: the engine's number in the switch (faults name it); ports_served: ports whose
    /// lanes it carries; faults: the run's schedule (the engine takes its own entries);
    /// warmup, end: the measurement window.
    OpticalEngine(sc_core::sc_module_name name, int index, const PhyConfig& config, int ports_served,
                  const std::vector<Fault>& faults, TimePs warmup, TimePs end);

    int index() const { return index_; }
    const PhyConfig& config() const { return config_; }
    int ports_served() const { return ports_served_; }
    int lasers() const { return lasers_; }
    const std::vector<Segment>& timeline() const { return segments_; }
    const PhyOperatingPoint& op_at(TimePs t) const;
    bool off_at(TimePs t) const;
    const std::vector<Alarm>& alarms() const { return alarms_; }
    double max_temperature_c() const;  ///< over the timeline
    double temperature_c_at(TimePs t) const { return op_at(t).engine_temperature_c; }
    double heater_w_at(TimePs t) const { return off_at(t) ? 0.0 : op_at(t).heater_mw_per_lane * 1e-3 * config_.engine.lanes; }

    // Its ports' power at time t, added to `w`.
    void add_power_at(PhyPower& w, TimePs t) const;

    // Its ports' mean power (power_w.host_serdes, .optics_interface, .optics, .optics_control,
    // .thermal_tuning, .laser, .laser_overhead) and its over-temperature alarm (cooling.alarms).
    void write_stats(Report& report) const override;

    // Waves under phy.engine<index>: temperature_mc and heater_mw at every sample point.
    void trace_waves(VcdWriter& vcd, TimeSeries& samples);

private:
    int index_, ports_served_, lasers_;
    PhyConfig config_;
    TimePs warmup_, end_;
    std::vector<Segment> segments_;  // in time order, the first at 0
    std::vector<Alarm> alarms_;
};

}  // namespace cposim
