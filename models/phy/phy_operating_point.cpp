// PhyConfig::operating_point(): the steady state of one engine (or module) and its ports at
// the configured coolant temperature, without faults. Temperature, heater, laser and DC-DC
// power depend on each other; the fixed point is found by iteration.
#include <algorithm>
#include <cmath>

#include "phy_config.h"
#include "signal_quality.h"

namespace cposim {

PhyOperatingPoint PhyConfig::operating_point() const {
    PhyOperatingPoint op;
    const EngineCircuits eng(engine);
    const LaserSource lasers(laser, engine.lanes);
    const bool integrated = laser.type == LaserType::integrated;
    const bool module = front_panel_module();
    // An integrated laser's heat stays on the engine; an external one's at the front panel.
    auto laser_temperature = [&](double engine_c) {
        return lasers.temperature_c(integrated ? engine_c : thermal.laser_surroundings_c);
    };
    auto laser_input_w = [&](double t_laser) {  // diodes, regulators and TEC
        return lasers.electrical_power_w(t_laser) + lasers.driver_loss_w(t_laser) + lasers.tec_w(t_laser);
    };
    // A front-panel module draws everything inside it through its own DC-DC converter.
    auto module_dc_dc_w = [&](double engine_c) {
        if (!module) return 0.0;
        const double t_laser = laser_temperature(engine_c);
        const double inside = eng.power_w(engine_c, lasers.wavelength_shift_nm(t_laser)) +
                              (integrated ? laser_input_w(t_laser) : 0.0);
        return inside * (1.0 / module_conversion_efficiency - 1.0);
    };
    // Fixed point: temperature -> heater, laser and DC-DC heat -> temperature. The loop gain
    // is R_th x d(P)/dT, far below 1 for any sensible parameters: a few steps converge.
    double t = thermal.coolant_c;
    for (int i = 0; i < 100; ++i) {
        const double t_laser = laser_temperature(t);
        const double laser_heat = integrated ? lasers.heat_w(t_laser) + lasers.driver_loss_w(t_laser) + lasers.tec_w(t_laser) : 0.0;
        const double power = eng.power_w(t, lasers.wavelength_shift_nm(t_laser)) + laser_heat + module_dc_dc_w(t);
        const double next = thermal.coolant_c + thermal.r_th_k_per_w * power;
        const bool done = std::fabs(next - t) < 1e-9;
        t = next;
        op.engine_power_w = power;
        if (done) break;
    }
    op.engine_temperature_c = t;
    op.laser_temperature_c = laser_temperature(t);
    op.laser_wavelength_shift_nm = lasers.wavelength_shift_nm(op.laser_temperature_c);
    op.laser_wall_plug_efficiency = lasers.wall_plug_efficiency(op.laser_temperature_c);
    op.heater_mw_per_lane = eng.heater_power_w_per_lane(t, op.laser_wavelength_shift_nm) * 1e3;
    op.rings_locked = eng.locked(t, op.laser_wavelength_shift_nm);
    op.thermal_penalty_db = std::max(0.0, t - LaserConfig::reference_temperature_c) * thermal.rx_penalty_db_per_k;
    LinkBudgetInputs in = budget;
    in.penalty_db = op.thermal_penalty_db;
    op.budget = LinkBudget(in);
    const Modulation m = port.lane().modulation();
    op.electrical_snr_db = host_channel.snr_db(m);
    op.optical_snr_db = optical_snr_db(m, op.budget.margin_db(), ber_at_sensitivity);
    op.ber_forced = forced_ber.has_value();
    op.link_ber = computed_ber(op.budget.margin_db());
    op.pre_fec_ber = forced_ber ? *forced_ber : op.link_ber;
    if (!op.rings_locked) op.pre_fec_ber = op.link_ber = 0.5;  // an unlocked ring carries no signal
    op.codeword_failure_probability = port.fec().codeword_failure_probability_from_ber(op.pre_fec_ber);

    // Per port: the engine's parts over the ports it serves.
    const double ppe = ports_per_engine();
    const double t_laser = op.laser_temperature_c;
    op.host_serdes_w = host_serdes_pj_per_bit * 1e-12 * port.line_rate_gbps() * 1e9;
    op.interface_w = eng.interface_power_w() / ppe;
    op.optics_w = (eng.driver_power_w() + eng.tia_power_w()) / ppe;
    op.heater_w = eng.heater_power_w(t, op.laser_wavelength_shift_nm) / ppe;
    op.control_w = (eng.control_power_w() + module_dc_dc_w(t)) / ppe;
    op.laser_w = lasers.electrical_power_w(t_laser) / ppe;
    // An external laser module converts its own supply: its DC-DC loss falls on the lasers'
    // drive and TECs and on its housekeeping controller, each in proportion.
    const double ext_loss = integrated ? 0.0 : 1.0 / module_conversion_efficiency - 1.0;
    op.laser_overhead_w = (lasers.driver_loss_w(t_laser) + lasers.tec_w(t_laser) + laser_input_w(t_laser) * ext_loss) / ppe;
    op.laser_module_w = integrated ? 0.0 : lasers.modules() * laser_module_housekeeping_w * (1.0 + ext_loss) / ppe;
    return op;
}

}  // namespace cposim
