// The PHY and optics of every port during a run: what happens to each frame on each wire
// (delivered, lost to a down link, or corrupted past FEC), the FEC counters, the effect of
// scheduled faults and temperature steps, and the energy of host SerDes, optics, lasers and
// ring heaters over time.
//
// Each port has two directions (receive: partner to switch; transmit: switch to partner),
// each a LinkErrorProcess. Everything that changes during a run (faults, temperature) is
// known before it starts, so it is planned into the processes and power timelines up front.
// A port whose pre-FEC BER reaches 1e-2 (e.g. an unlocked ring) is taken as down: its PCS
// cannot hold block lock (assumed threshold).
#pragma once

#include <string>
#include <vector>

#include "fault_schedule.h"
#include "link_error_process.h"
#include "phy_config.h"

namespace cposim {

enum class FrameFate { delivered, link_down, corrupted };

struct PhyPortReport {
    FecCounters rx, tx;
    double pre_fec_ber_estimate = 0;  ///< from the corrected symbols of both directions
    TimePs down_ps = 0;               ///< time the link was down inside the window
    std::vector<std::pair<TimePs, std::string>> events;  ///< link down/up with cause
};

struct PhyPower {  // mean power over the window, W, all ports
    double host_serdes = 0, optics = 0, laser = 0, thermal_tuning = 0;
};

class PhyLayer {
public:
    PhyLayer(const PhyConfig& config, const std::vector<Fault>& faults, TimePs warmup, TimePs end,
             uint64_t seed);

    // The frame on a port's wire in [t0, t1). Calls per port and direction in time order.
    FrameFate receive(int port, TimePs t0, TimePs t1) { return fate(rx_[static_cast<size_t>(port)], t0, t1); }
    FrameFate transmit(int port, TimePs t0, TimePs t1) { return fate(tx_[static_cast<size_t>(port)], t0, t1); }
    TimePs fec_latency_ps() const { return fec_latency_ps_; }
    bool fcs_only() const { return config_.port.fec().kind() == FecKind::none; }

    void finish();  // counts every link up to the end of the run
    PhyPortReport port_report(int port) const;
    PhyPower mean_power() const;
    PhyPower power_at(TimePs t) const;  // all ports, at time t
    // The plan, queried without advancing anything (for waves).
    bool link_up_at(int port, TimePs t) const;
    double engine_temperature_c_at(int engine, TimePs t) const { return op_at(engine, t).engine_temperature_c; }
    double engine_heater_w_at(int engine, TimePs t) const {
        return op_at(engine, t).heater_mw_per_lane * 1e-3 * config_.engine.lanes;
    }
    const FecCounters& tx_counters(int port) const { return tx_[static_cast<size_t>(port)].counters(); }
    const PhyConfig& config() const { return config_; }
    const PhyOperatingPoint& baseline() const { return baseline_; }

private:
    static FrameFate fate(LinkErrorProcess& link, TimePs t0, TimePs t1) {
        if (!link.up_at(t0)) return FrameFate::link_down;
        return link.corrupts(t0, t1) ? FrameFate::corrupted : FrameFate::delivered;
    }
    struct Segment {  // an engine's state from `t` on
        TimePs t;
        PhyOperatingPoint op;
        double laser_fraction_working;
    };
    void plan(const std::vector<Fault>& faults);
    double port_ber_at(int port, TimePs t, const std::vector<Fault>& faults) const;
    const PhyOperatingPoint& op_at(int engine, TimePs t) const;

    PhyConfig config_;
    PhyOperatingPoint baseline_;
    TimePs warmup_, end_, fec_latency_ps_;
    std::vector<LinkErrorProcess> rx_, tx_;
    std::vector<std::vector<Segment>> engines_;  // per engine, in time order
    std::vector<std::vector<std::pair<TimePs, std::string>>> events_;
    std::vector<TimePs> down_ps_;
};

}  // namespace cposim
