// The PHY and optics of every port, from the scenario's parameters: lanes, signalling, FEC,
// forced or computed BER, optical engine, lasers, cooling, packaging. `from()` validates the
// combination (ConfigError naming the parameter and where it was set); `operating_point()`
// solves the steady state (engine temperature <-> heater and laser power) and gives the
// link budget, SNRs, pre-FEC BER, codeword failure probability and power per port.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "electrical_channel.h"
#include "fec.h"
#include "laser_source.h"
#include "link_budget.h"
#include "engine_circuits.h"
#include "packaging.h"
#include "parameters.h"
#include "port_lanes.h"
#include "thermal_node.h"

namespace cposim {

struct ThermalConfig {
    CoolingMode mode = CoolingMode::cold_plate;
    double coolant_c = 25;             ///< what the engine's heat goes to (air inlet or liquid), deg C
    double laser_surroundings_c = 25;  ///< external lasers' surroundings (front panel), deg C
    double r_th_k_per_w = 0.15;        ///< engine to coolant, K/W (of the chosen cooling)
    double tau_s = 0;                  ///< first-order time constant, s (0: immediate)
    double rx_penalty_db_per_k = 0.02; ///< receiver sensitivity penalty above 25 deg C, dB/K
    double max_temperature_c = 70;     ///< the engine's limit: above it an alarm (or a shutdown)
    bool shutdown_over_limit = false;  ///< cooling.over_temperature=shutdown: an engine over its limit turns off
};

// Everything the steady state gives, for one port unless said otherwise.
struct PhyOperatingPoint {
    double engine_power_w = 0;         ///< heat of one engine (or module): its circuits, integrated lasers, DC-DC
    double engine_temperature_c = 0;
    double laser_temperature_c = 0;    ///< 25 under a TEC, else the engine's (integrated) or the front panel's (external)
    double laser_wavelength_shift_nm = 0;  ///< laser drift from its 25 deg C wavelength
    double laser_wall_plug_efficiency = 0;
    double heater_mw_per_lane = 0;
    bool rings_locked = true;
    double thermal_penalty_db = 0;
    LinkBudget budget{LinkBudgetInputs{}};
    double electrical_snr_db = 0;      ///< one host channel
    double optical_snr_db = 0;
    double pre_fec_ber = 0;            ///< forced (phy.ber) or computed
    double link_ber = 0;               ///< computed from the link budget (or 0.5 with rings unlocked), forced or not
    bool ber_forced = false;
    double codeword_failure_probability = 0;  ///< independent errors; with bursts use CodewordSampler
    // Power per port, W (line rate always on). host_serdes is the ASIC's; the rest the optics'.
    double host_serdes_w = 0;
    double interface_w = 0;            ///< the optics' electrical interface to the host: SerDes or DSP
    double optics_w = 0;               ///< modulator drivers and TIAs
    double heater_w = 0;               ///< micro-ring heaters
    double control_w = 0;              ///< lock/bias loops, housekeeping, a front-panel module's DC-DC loss
    double laser_w = 0;                ///< laser diodes
    double laser_overhead_w = 0;       ///< their drive regulators, TECs and an external module's DC-DC share
    double laser_module_w = 0;         ///< external laser modules' housekeeping (with its DC-DC share)
    double optics_total_w() const {    ///< what vendors quote per port
        return interface_w + optics_w + heater_w + control_w + laser_w + laser_overhead_w + laser_module_w;
    }
    double total_w() const { return host_serdes_w + optics_total_w(); }
};

// What the PHY takes from the switch and the link it serves, passed in (the PHY reads only
// its own keys).
struct PortShape {
    double port_speed_gbps = 800;  ///< the switch's port speed (MAC rate)
    int ports = 64;                ///< the switch's ports (engines = ports / ports per engine)
    double link_length_m = 2;      ///< the fibre to the partner
    std::string port_speed_origin = "switch.port_speed";  ///< where the speed was set (for errors)

    static PortShape from(const ParameterSet& p);  // switch.port_speed, switch.ports, link.length
};

struct PhyConfig {
    std::string model = "lanes";          ///< a registered PHY module (port_phy.h)
    PortLanes port{8, LaneRate(53.125, Modulation::pam4), FecKind::rs544};
    double port_speed_gbps = 800;         ///< the switch's port speed (MAC rate)
    double fec_latency_ns = 0;            ///< encode + decode; 0 without FEC
    std::optional<double> forced_ber;     ///< phy.ber; empty: computed from SNR ("auto")
    double burst_length_bits = 1;         ///< mean error burst, bits (1: independent)
    uint64_t fec_degrade_threshold = 6380;  ///< symbol errors per 8192 codewords
    Packaging packaging = Packaging::cpo;
    ElectricalChannel host_channel;       ///< class from the packaging or phy.host_serdes_class, loss from it or phy.host_channel_loss_db
    double host_serdes_pj_per_bit = 1.1;  ///< the host SerDes' class energy, TX + RX per bit of line rate
    EngineInterface interface = EngineInterface::xsr;  ///< the optics' side of the host link
    double retimer_latency_ns = 0;        ///< a DSP retimer's latency per pass (0 without one)
    double module_conversion_efficiency = 0.9;  ///< DC-DC inside front-panel modules (pluggable, LPO, laser modules)
    double laser_module_housekeeping_w = 0.3;   ///< an external laser module's controller, W
    OpticalEngineConfig engine;
    LinkBudgetInputs budget;              ///< without temperature penalty (added by operating_point)
    LaserConfig laser;
    ThermalConfig thermal;
    int ports = 64;                       ///< the switch's ports
    // An assembled package's optics (cposim run with assembly.package): per lane in use, the
    // coupling loss above the nominal budget's, receive and transmit, dB. Each lane's BER
    // follows from the engine's margin less it; the port's from its lanes'. Empty: nominal.
    std::vector<double> lane_extra_loss_rx_db, lane_extra_loss_tx_db;

    // IEEE 802.3 specifies receiver sensitivity at the KP4 FEC threshold BER (docs/references.md
    // "FEC threshold": pre-FEC BER 2.4e-4).
    static constexpr double ber_at_sensitivity = 2.4e-4;

    int ports_per_engine() const { return engine.lanes / port.lanes(); }
    int engines() const { return (ports + ports_per_engine() - 1) / ports_per_engine(); }

    static void declare_parameters(ParameterRegistry& r);
    static PhyConfig from(const ParameterSet& p, const PortShape& shape);
    bool front_panel_module() const { return packaging_traits(packaging).front_panel_module; }

    // The steady state at the configured coolant temperature, no faults.
    PhyOperatingPoint operating_point() const;
    // Pre-FEC BER of a lane for given link margin and host channel (auto mode), before faults.
    double computed_ber(double margin_db) const { return ber_model().ber(margin_db); }
    // computed_ber with what does not depend on the margin worked out once (two SNR
    // inversions): for the millions of lanes of an assembly Monte Carlo. Same arithmetic.
    struct BerModel {
        Modulation modulation = Modulation::pam4;
        bool retimed = false;                ///< an interface that retimes: error ratios add; else noise adds
        double electrical_snr_db = 0;        ///< one host channel
        double snr_at_sensitivity_db = 0;    ///< the optical SNR at margin 0
        double ber(double margin_db) const;
    };
    BerModel ber_model() const;
};

}  // namespace cposim
