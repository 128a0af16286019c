// Link budget, optical engine (heaters, drivers), lasers, thermal node, packaging table.
#include <catch2/catch.hpp>

#include <cmath>

#include "laser_source.h"
#include "link_budget.h"
#include "engine_circuits.h"
#include "packaging.h"
#include "thermal_node.h"

using namespace cposim;

namespace {
LinkBudgetInputs hand_budget() {
    LinkBudgetInputs in;
    in.laser_power_dbm = 20;        // ELSFP, 20 dBm per fibre
    in.lanes_per_laser = 8;
    in.external_laser = true;
    in.coupling_loss_db = 1.5;      // edge coupler
    in.modulator_loss_db = 2;
    in.extinction_ratio_db = 3.5;
    in.connector_loss_db = 0.5;
    in.connectors = 2;
    in.fibre = Fibre{2000, 0.5};    // 2 km: 1 dB
    in.rx_sensitivity_oma_dbm = -3.8;
    return in;
}
}  // namespace

TEST_CASE("link budget computed by hand", "[phy][optics]") {
    const LinkBudget b(hand_budget());
    // 20 - 0.5 (ELS connector) - 1.5 (in) - 10 log10 8 (9.0309) - 2 (modulator) - 1.5 (out)
    CHECK(b.launch_power_dbm() == Approx(5.469100130080564).epsilon(1e-12));
    // - 2 x 0.5 (connectors) - 1.0 (fibre) - 1.5 (into the receiver)
    CHECK(b.received_power_dbm() == Approx(1.9691001300805642).epsilon(1e-12));
    // ER 3.5 dB: r = 2.2387; OMA / P_avg = 2 (r - 1)/(r + 1) = 0.7650 = -1.1637 dB
    CHECK(b.oma_factor_db() == Approx(-1.1637001136971807).epsilon(1e-12));
    CHECK(b.received_oma_dbm() == Approx(0.8054000163833834).epsilon(1e-12));
    CHECK(b.margin_db() == Approx(4.605400016383383).epsilon(1e-12));
    // The stages add up to the received power.
    double sum = 0;
    for (const auto& s : b.stages()) sum += s.change_db;
    CHECK(sum == Approx(b.received_power_dbm()));
    CHECK(b.stages().back().power_dbm == Approx(b.received_power_dbm()));

    // An integrated laser has no laser connector and no input facet: 2 dB more.
    auto in = hand_budget();
    in.external_laser = false;
    CHECK(LinkBudget(in).margin_db() == Approx(b.margin_db() + 2.0));
    // Grating couplers (~5 dB) on all three facets: 3 x 3.5 dB less.
    in = hand_budget();
    in.coupling_loss_db = 5;
    CHECK(LinkBudget(in).margin_db() == Approx(b.margin_db() - 10.5));
    CHECK(dbm_to_mw(20) == Approx(100));
    CHECK(mw_to_dbm(1) == Approx(0).margin(1e-12));
}

TEST_CASE("fibre: loss and ~5 ns/m delay", "[phy][optics]") {
    const Fibre f{100, 0.5};
    CHECK(f.loss_db() == Approx(0.05));
    CHECK(f.delay_ps() == Approx(490000));
}

TEST_CASE("micro-ring heaters follow temperature, Mach-Zehnders need none", "[phy][optics]") {
    OpticalEngineConfig c;  // 64 lanes at 106.25 Gb/s, 0.06 nm/K, 5 mW/nm, lock to 70 C, 1 nm offset
    const EngineCircuits ring(c);
    // At 31 C: 1 + 0.06 x (70 - 31) = 3.34 nm -> 16.7 mW per ring.
    CHECK(ring.tuning_nm(31) == Approx(3.34));
    CHECK(ring.heater_power_w_per_lane(31) == Approx(16.7e-3));
    CHECK(ring.heater_power_w(31) == Approx(64 * 16.7e-3));
    // Hotter engines need less heat; past the lock limit plus offset (86.7 C) rings unlock,
    // and below 70 - 7/0.06 = -46.7 C the heater runs out of range.
    CHECK(ring.heater_power_w_per_lane(60) < ring.heater_power_w_per_lane(31));
    CHECK(ring.locked(86));
    CHECK_FALSE(ring.locked(87));
    CHECK(ring.locked(-46));
    CHECK_FALSE(ring.locked(-47));
    // Drivers 1.0 and TIAs 0.5 pJ/bit: 64 x 106.25 Gb/s x 1.0 pJ/bit = 6.8 W and 3.4 W.
    CHECK(ring.driver_power_w() == Approx(6.8));
    CHECK(ring.tia_power_w() == Approx(3.4));
    CHECK(ring.energy_pj_per_bit(31) == Approx(1.5 + 16.7e-3 / 106.25e9 * 1e12));

    c.modulator = Modulator::mach_zehnder;
    c.driver_pj_per_bit = modulator_traits(Modulator::mach_zehnder).driver_pj_per_bit;
    const EngineCircuits mzm(c);
    CHECK(mzm.heater_power_w(31) == 0);
    CHECK(mzm.locked(120));
    CHECK(mzm.driver_power_w() > ring.driver_power_w());
    CHECK(modulator_traits(Modulator::mach_zehnder).insertion_loss_db >
          modulator_traits(Modulator::microring).insertion_loss_db);
}

TEST_CASE("lasers: lanes served, failures, wall-plug efficiency", "[phy][optics]") {
    LaserConfig c;  // external, 8 lanes per laser, 20 dBm, WPE 0.2, 0.5%/K
    LaserSource l(c, 64);
    CHECK(l.lasers() == 8);
    CHECK(l.lanes_served_by(2) == std::make_pair(16, 24));
    CHECK(l.laser_of_lane(23) == 2);
    // 100 mW out at 20% -> 0.5 W in, per laser.
    CHECK(l.optical_power_w() == Approx(0.1));
    CHECK(l.electrical_power_w(25) == Approx(8 * 0.5));
    CHECK(l.heat_w(25) == Approx(8 * 0.4));
    // 20 K hotter: WPE 0.2 x (1 - 0.1) = 0.18.
    CHECK(l.wall_plug_efficiency(45) == Approx(0.18));
    CHECK(l.electrical_power_w(45) == Approx(8 * 0.1 / 0.18));
    l.fail(2);
    CHECK(l.lanes_down() == 8);
    CHECK(l.lane_up(15));
    CHECK_FALSE(l.lane_up(16));
    CHECK_FALSE(l.lane_up(23));
    CHECK(l.lane_up(24));
    CHECK(l.electrical_power_w(25) == Approx(7 * 0.5));
    l.repair(2);
    CHECK(l.lanes_down() == 0);
    // Lanes not a multiple: 10 lanes, 4 per laser -> 3 lasers, the last serves 2.
    c.lanes_per_laser = 4;
    LaserSource odd(c, 10);
    CHECK(odd.lasers() == 3);
    CHECK(odd.lanes_served_by(2) == std::make_pair(8, 10));
    odd.fail(2);
    CHECK(odd.lanes_down() == 2);
    CHECK_THROWS(odd.fail(3));
}

TEST_CASE("laser overheads: regulators, TEC, wavelength drift", "[phy][optics]") {
    LaserConfig c;  // 8 lasers of 100 mW at 20%: 0.5 W each, 0.4 W of it heat
    c.driver_efficiency = 0.8;
    c.tec_cop = 2;
    c.tec = true;
    LaserSource held(c, 64);
    // The regulators lose 0.5 / 0.8 - 0.5 = 0.125 W a laser; the TEC pumps 0.4 W at COP 2.
    CHECK(held.driver_loss_w(25) == Approx(8 * 0.125));
    CHECK(held.tec_w(25) == Approx(8 * 0.2));
    // Held at 25 C whatever surrounds it: no drift, full efficiency.
    CHECK(held.temperature_c(45) == 25);
    CHECK(held.wavelength_shift_nm(held.temperature_c(45)) == 0);
    CHECK(held.modules() == 1);  // 8 lasers a module
    c.tec = false;
    LaserSource free(c, 64);
    CHECK(free.tec_w(25) == 0);
    // Uncooled at 45 C: 0.1 nm/K x 20 K = 2 nm red of its 25 C wavelength; WPE 0.18.
    CHECK(free.temperature_c(45) == 45);
    CHECK(free.wavelength_shift_nm(45) == Approx(2.0));
    CHECK(free.driver_loss_w(45) == Approx(8 * (0.1 / 0.18) * 0.25));
    // A ring that follows a laser 2 nm red needs 2 nm more tuning: 10 mW more heat at 5 mW/nm.
    const EngineCircuits ring(OpticalEngineConfig{});
    CHECK(ring.tuning_nm(31, 2.0) == Approx(ring.tuning_nm(31) + 2.0));
    CHECK(ring.heater_power_w_per_lane(31, 2.0) == Approx(ring.heater_power_w_per_lane(31) + 10e-3));
}

TEST_CASE("engine interface and control: per bit, per lane, per engine", "[phy][optics]") {
    OpticalEngineConfig c;  // 64 lanes at 106.25 Gb/s
    c.interface_pj_per_bit = 1.1;
    c.control_mw_per_lane = 2;
    c.housekeeping_w = 0.3;
    const EngineCircuits e(c);
    CHECK(e.interface_power_w() == Approx(64 * 106.25e9 * 1.1e-12));  // 7.48 W
    CHECK(e.control_power_w() == Approx(64 * 2e-3 + 0.3));
    CHECK(e.power_w(31) == Approx(e.driver_power_w() + e.tia_power_w() + e.interface_power_w() + e.control_power_w() +
                                  e.heater_power_w(31)));
}

TEST_CASE("thermal node: steady state and first-order steps", "[phy][optics]") {
    // 40 W on a 0.15 K/W cold plate at 25 C: 31 C (docs/references.md "Liquid-cooled CPO temperature": engines <= 31 C).
    ThermalNode liquid(25, 0.15, 0, 40);
    CHECK(liquid.temperature_c() == Approx(31));
    ThermalNode n(25, 0.15, 1.0, 0);
    n.set_power(40);
    // T(t) = 25 + 6 (1 - e^{-t/tau}) at t = tau: 28.7927 C.
    CHECK(n.advance(1.0) == Approx(28.792723352971347));
    // Many small steps give the same curve (exact integration).
    ThermalNode m(25, 0.15, 1.0, 0);
    m.set_power(40);
    for (int i = 0; i < 100; ++i) m.advance(0.01);
    CHECK(m.temperature_c() == Approx(28.792723352971347));
    // Cooling back down.
    n.set_power(0);
    n.advance(50);
    CHECK(n.temperature_c() == Approx(25).margin(1e-9));
    // tau = 0: follows at once.
    ThermalNode quick(25, 0.5, 0, 0);
    quick.set_power(20);
    CHECK(quick.advance(1e-9) == Approx(35));
}

TEST_CASE("packaging table", "[phy][optics]") {
    const auto cpo = packaging_traits(Packaging::cpo), plug = packaging_traits(Packaging::pluggable),
               lpo = packaging_traits(Packaging::lpo), npo = packaging_traits(Packaging::npo);
    CHECK(cpo.host_channel == ChannelClass::xsr);
    CHECK(cpo.host_channel_loss_db_200g == 4);    // NVIDIA: ~4 dB (200G lanes)
    CHECK(plug.host_channel_loss_db_200g == 22);  // NVIDIA: ~22 dB
    // Loss in proportion to the Nyquist frequency: 100G lanes (53.125 GBd) see half of it.
    CHECK(channel_loss_at_baud_db(22, 53.125) == 11);
    CHECK(channel_loss_at_baud_db(4, 106.25) == 4);
    CHECK(channel_class_energy_pj_per_bit(ChannelClass::xsr) == 1.1);  // XSR < 1.1 pJ/b
    // The optics' side of the host link: an XSR SerDes on a CPO engine, a VSR one near the
    // package, a DSP in a pluggable, nothing in a linear module.
    CHECK(cpo.interface == EngineInterface::xsr);
    CHECK(npo.interface == EngineInterface::vsr);
    CHECK(plug.interface == EngineInterface::dsp);
    CHECK(lpo.interface == EngineInterface::linear);
    CHECK(retimed(plug.interface));
    CHECK(retimed(cpo.interface));
    CHECK_FALSE(retimed(lpo.interface));
    CHECK(engine_interface_pj_per_bit(EngineInterface::xsr) == 1.1);
    CHECK(engine_interface_pj_per_bit(EngineInterface::linear) == 0);
    // DSP = pluggable (14-16 W) - LPO (5-8 W), midpoints, over 8 x 106.25 Gb/s of line.
    CHECK(engine_interface_pj_per_bit(EngineInterface::dsp) * 8 * 106.25e-3 == Approx(15.0 - 6.5));
    CHECK(plug.front_panel_module);
    CHECK(lpo.front_panel_module);
    CHECK_FALSE(cpo.front_panel_module);
    CHECK_FALSE(npo.front_panel_module);
    CHECK(cpo.published_optics_w_per_800g == 5.5);  // Bailly
    // Every host channel is within its class's reach at 200G lanes.
    for (auto p : {Packaging::pluggable, Packaging::lpo, Packaging::npo, Packaging::cpo}) {
        const auto t = packaging_traits(p);
        CHECK(t.host_channel_loss_db_200g <= channel_class_reach_db(t.host_channel));
        CHECK(parse_packaging(packaging_name(p)) == p);
        CHECK(parse_engine_interface(engine_interface_name(t.interface)) == t.interface);
    }
}
