// The switch box around the ASIC and its optics, as a module: it sizes the fans and pumps for
// the box's heat at full line rate, and after the run writes what the box draws besides the
// ASIC and its I/O (power_w.cooling, .conversion_loss, .management; power_w.system), the
// cooling's flows and temperatures (cooling.*: the ASIC's junction, the engines' hottest,
// alarms over limits) and the cost of the box (cost_usd.*). Its time-series column
// system_power_w is the wall power at each sample: its integral is the run's system energy.
// No packets cross it.
#pragma once

#include <systemc>

#include "box_power.h"
#include "optical_engine.h"
#include "cost_model.h"
#include "parameters.h"
#include "phy_config.h"
#include "report.h"
#include "time_series.h"

namespace cposim {

class Chassis : public sc_core::sc_module, public StatsProvider {
public:
    /// params: the chassis' own values (params.for_instance(its name)); phy: the box's optics
    /// (packaging, lasers, engines); ports, port_speed_gbps: the switch's; design: the loads
    /// at full line rate the cooling is sized for; hottest_engine_c: the engines' highest
    /// planned temperature.
    Chassis(sc_core::sc_module_name name, const ParameterSet& params, const PhyConfig& phy, int ports,
            double port_speed_gbps, const BoxLoads& design, double hottest_engine_c);

    const BoxPowerModel& model() const { return model_; }
    // The ASIC (core_w plus the optics' host SerDes) and the optics, by where their heat goes.
    static BoxLoads loads_of(const PhyConfig& phy, double core_w, const PhyPower& optics);

    // After the ASIC and the engines: the box's parts, cooling and cost.
    void write_stats(Report& report) const override;
    // Adds the column system_power_w: the wall power for the row's power_w (add after it).
    void sample_into(TimeSeries& series);

private:
    PhyConfig phy_;
    int ports_;
    double port_speed_gbps_, hottest_engine_c_;
    BoxPowerModel model_;
    CostConfig cost_;
};

}  // namespace cposim
