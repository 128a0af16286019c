// PhyConfig: parameters to a validated configuration, and the steady operating point.
#include <catch2/catch.hpp>

#include <cmath>

#include "all_parameters.h"
#include "errors.h"
#include "phy_config.h"
#include "channel_study.h"
#include "signal_quality.h"

using namespace cposim;

namespace {
PhyConfig config(std::initializer_list<const char*> overrides) {
    ParameterSet p(parameter_registry());
    for (const char* o : overrides) p.apply_override(o);
    return PhyConfig::from(p, PortShape::from(p));
}
std::string config_error(std::initializer_list<const char*> overrides) {
    try {
        config(overrides);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("default PHY: 8 x 106.25G PAM4, RS(544,514), co-packaged", "[phy][config]") {
    const PhyConfig c = config({});
    CHECK(c.port.mac_rate_gbps() == 800);
    CHECK(c.port.lanes() == 8);
    CHECK(c.port.lane().baud_gbd() == 53.125);
    CHECK(c.port.fec().t() == 15);
    CHECK(c.fec_latency_ns == 110);
    CHECK_FALSE(c.forced_ber.has_value());
    CHECK(c.ports_per_engine() == 8);
    CHECK(c.engines() == 8);  // 64 ports: Bailly's 8 engines x 6.4 Tb/s
    CHECK(c.host_channel.cls == ChannelClass::xsr);
    CHECK(c.budget.fibre.length_m == 2);  // link.length

    const auto op = c.operating_point();
    CHECK(op.engine_temperature_c > 25);
    CHECK(op.engine_temperature_c <= 31);  // liquid cooled (docs/references.md "Liquid-cooled CPO temperature")
    CHECK(op.engine_temperature_c == Approx(25 + 0.15 * op.engine_power_w).epsilon(1e-9));
    CHECK(op.rings_locked);
    CHECK(op.budget.margin_db() > 0);
    // Auto BER of a CPO link whose engine ends the XSR link with its own SerDes: the
    // segments are detected separately and their error ratios add: two XSR host channels at
    // the 28 dB SNR ceiling and the optical span, each PAM4 BER = 3/4 Q(sqrt(SNR/5)).
    CHECK(c.interface == EngineInterface::xsr);
    auto pam4 = [](double snr_db) { return 0.75 * q_function(std::sqrt(std::pow(10, snr_db / 10) / 5)); };
    CHECK(op.electrical_snr_db == 28);
    CHECK(op.pre_fec_ber == Approx(2 * pam4(28) + pam4(op.optical_snr_db)).epsilon(1e-9));
    CHECK(op.pre_fec_ber < 1e-9);
    CHECK(op.optical_snr_db == Approx(17.65514988 + 2 * op.budget.margin_db()).epsilon(1e-6));
    CHECK(op.codeword_failure_probability < 1e-100);
    // Driven linearly instead, the segments' noise adds: 1/SNR = 2/SNR_e + 1/SNR_o.
    const auto linear = config({"optics.engine_interface=linear"}).operating_point();
    const double snr = 1 / (2 / std::pow(10, 2.8) + 1 / std::pow(10, linear.optical_snr_db / 10));
    CHECK(linear.pre_fec_ber == Approx(0.75 * q_function(std::sqrt(snr / 5))).epsilon(1e-9));
    CHECK(linear.interface_w == 0);
    // Per 800G port (8 x 106.25 Gb/s): host and engine XSR SerDes 1.1 pJ/bit each, ring
    // drivers 1.0 and TIAs 0.5 pJ/bit, one 20 dBm laser at 20% behind its regulator (80%),
    // TEC (COP 1) and its module's DC-DC (90%), an eighth of the module's 0.3 W controller.
    CHECK(op.host_serdes_w == Approx(1.1e-12 * 850e9));
    CHECK(op.interface_w == Approx(1.1e-12 * 850e9));
    CHECK(op.optics_w == Approx(1.5e-12 * 850e9));
    CHECK(op.control_w == Approx((64 * 2e-3 + 0.3) / 8));
    CHECK(op.laser_w == Approx(0.5));
    CHECK(op.laser_overhead_w == Approx((0.5 / 0.8 - 0.5) + 0.4 + (0.5 / 0.8 + 0.4) * (1 / 0.9 - 1)));
    CHECK(op.laser_module_w == Approx(0.3 / 8 / 0.9));
    CHECK(op.heater_w == Approx(8 * op.heater_mw_per_lane * 1e-3));
    CHECK(op.total_w() == Approx(op.host_serdes_w + op.interface_w + op.optics_w + op.heater_w + op.control_w +
                                 op.laser_w + op.laser_overhead_w + op.laser_module_w));
    // The engine's heat: its circuits (external lasers sit at the front panel).
    CHECK(op.engine_power_w == Approx(8 * (op.interface_w + op.optics_w + op.heater_w + op.control_w)));
}

TEST_CASE("other standard port shapes", "[phy][config]") {
    CHECK(config({"phy.lanes_per_port=4", "phy.lane_rate=212.5G"}).port.mac_rate_gbps() == 800);
    CHECK(config({"switch.port_speed=1.6T", "phy.lane_rate=212.5G"}).port.mac_rate_gbps() == 1600);
    CHECK(config({"switch.port_speed=400G", "phy.lanes_per_port=8", "phy.lane_rate=53.125"}).port.mac_rate_gbps() == 400);
    const auto nrz = config({"switch.port_speed=100G", "phy.lanes_per_port=4", "phy.lane_rate=25.78125G",
                             "phy.modulation=nrz", "phy.fec=rs528"});
    CHECK(nrz.port.mac_rate_gbps() == 100);
    CHECK(nrz.port.lane().baud_gbd() == 25.78125);
    CHECK(config({"phy.fec=none", "switch.port_speed=100G", "phy.lanes_per_port=4", "phy.lane_rate=25.78125G",
                  "phy.modulation=nrz"}).fec_latency_ns == 0);
}

TEST_CASE("inconsistent PHY settings are config errors naming the key", "[phy][config]") {
    // Lanes default to what the port speed needs (400G: 4 x 100G lanes); a speed no whole
    // number of lanes carries is an error naming the port speed.
    CHECK(config({"switch.port_speed=400G"}).port.lanes() == 4);
    CHECK_THAT(config_error({"switch.port_speed=150G"}),
               Catch::StartsWith("--set switch.port_speed=150G: switch.port_speed: 2 lanes x 106.25 Gb/s "
                                 "with rs544 carry 200 Gb/s") && Catch::Contains("switch.port_speed is 150 Gb/s"));
    CHECK_THAT(config_error({"switch.port_speed=400G", "phy.lanes_per_port=8"}),
               Catch::StartsWith("--set phy.lanes_per_port=8: phy.lanes_per_port: 8 lanes x 106.25 Gb/s"));
    CHECK_THAT(config_error({"phy.lanes_per_port=4"}),
               Catch::StartsWith("--set phy.lanes_per_port=4: phy.lanes_per_port: 4 lanes") &&
                   Catch::Contains("one lane carries 100 Gb/s"));
    CHECK_THAT(config_error({"switch.port_speed=100G", "phy.lanes_per_port=4", "phy.lane_rate=25.78125G",
                             "phy.modulation=nrz"}),
               Catch::Contains("phy.lanes_per_port") && Catch::Contains("rs544"));
    CHECK_THAT(config_error({"phy.modulation=nrz", "phy.lane_rate=212.5G", "phy.lanes_per_port=4"}),
               Catch::Contains("phy.modulation: NRZ at 212.5 GBd"));
    CHECK_THAT(config_error({"phy.ber=often"}), Catch::Contains("phy.ber: expected auto or a bit error ratio"));
    CHECK_THAT(config_error({"phy.ber=0.7"}), Catch::Contains("phy.ber: expected auto"));
    CHECK_THAT(config_error({"optics.lanes_per_engine=60"}),
               Catch::Contains("optics.lanes_per_engine: 60 lanes per engine is not a whole number of 8-lane ports"));
    CHECK_THAT(config_error({"laser.lanes_per_laser=3"}), Catch::Contains("laser.lanes_per_laser: 3 does not divide"));
    CHECK_THAT(config_error({"phy.host_channel_loss_db=-3"}), Catch::Contains("phy.host_channel_loss_db: expected auto"));
}

TEST_CASE("forced BER drives the FEC directly", "[phy][config]") {
    const auto c = config({"phy.ber=2e-3"});
    REQUIRE(c.forced_ber.has_value());
    const auto op = c.operating_point();
    CHECK(op.ber_forced);
    CHECK(op.pre_fec_ber == 2e-3);
    CHECK(op.codeword_failure_probability == Approx(0.0793908736961283).epsilon(1e-9));
    CHECK(config({"phy.ber=0"}).operating_point().codeword_failure_probability == 0);
}

TEST_CASE("operating point follows the physics", "[phy][config]") {
    const auto base = config({}).operating_point();
    // Air cooling runs hotter; rings need less heater power when hotter.
    const auto air = config({"cooling.mode=air"}).operating_point();
    CHECK(air.engine_temperature_c > base.engine_temperature_c);
    CHECK(air.heater_mw_per_lane < base.heater_mw_per_lane);
    // Heater at the engine temperature: 5 mW/nm x (1 + 0.06 x (70 - T)).
    CHECK(base.heater_mw_per_lane == Approx(5 * (1 + 0.06 * (70 - base.engine_temperature_c))));
    // Hot coolant beyond the rings' lock limit: rings unlock and the lanes carry nothing.
    const auto hot = config({"cooling.coolant_temperature_c=60", "optics.ring_lock_max_temperature_c=40"}).operating_point();
    CHECK_FALSE(hot.rings_locked);
    CHECK(hot.pre_fec_ber == 0.5);
    // Grating couplers cost 3 facets x 3.5 dB of margin.
    const auto grating = config({"optics.coupling_loss_db=5"}).operating_point();
    CHECK(grating.budget.margin_db() == Approx(base.budget.margin_db() - 10.5));
    // Starving the receiver: 64 lanes per 20 dBm laser and 10 km of fibre push the margin
    // negative and the BER above the FEC threshold.
    const auto starved = config({"laser.lanes_per_laser=64", "link.length=10km"}).operating_point();
    CHECK(starved.budget.margin_db() < 0);
    CHECK(starved.pre_fec_ber > 2.4e-4);
    // At zero margin the optical span alone sits at the threshold BER (17.655 dB); in a linear
    // link the two host channels' noise (28 dB each) adds: 16.92 dB, BER 6.41e-4.
    const auto c = config({"optics.engine_interface=linear"});
    const double snr0 = 1 / (2 / std::pow(10, 2.8) + 1 / std::pow(10, 1.765514988));
    CHECK(c.computed_ber(0) == Approx(0.75 * q_function(std::sqrt(snr0 / 5))).epsilon(1e-6));
    // Retimed (an engine SerDes, a pluggable's DSP) the segments' BERs add instead: the
    // optical span dominates.
    CHECK(config({"optics.packaging=pluggable"}).computed_ber(0) == Approx(2.4e-4).epsilon(1e-6));
    CHECK(config({}).computed_ber(0) == Approx(2.4e-4).epsilon(1e-6));
    // A long host channel beyond the XSR reach dominates.
    CHECK(config({"phy.host_channel_loss_db=20"}).operating_point().pre_fec_ber > 1e-3);
}

TEST_CASE("packaging changes power the way published figures say", "[phy][config]") {
    const auto cpo = config({}).operating_point();
    const auto plug = config({"optics.packaging=pluggable"}).operating_point();
    const auto lpo = config({"optics.packaging=lpo"}).operating_point();
    CHECK(plug.interface_w == Approx(8.5));  // the DSP
    CHECK(plug.host_serdes_w == Approx(5e-12 * 850e9));
    CHECK(lpo.interface_w == 0);
    CHECK(plug.total_w() > lpo.total_w());
    CHECK(lpo.total_w() > cpo.total_w());
    // A module draws through its own DC-DC (90%): its control part carries the loss.
    CHECK(plug.control_w > lpo.control_w);
    // A pluggable module stays within the 800G DR8 OSFP's 17 W maximum.
    CHECK(plug.optics_total_w() < 17);
    // Pluggable vs CPO per port: NVIDIA ~30 W vs ~9 W per 1.6T (3.3x), Bailly 14-16 W vs 5.5 W
    // (2.5-2.9x). The bottom-up model saves at least that much (more: docs/validation.md, the
    // CPO engine's bottom-up power is below the published figure).
    CHECK(plug.total_w() / cpo.total_w() > 2.5);
    UNSCOPED_INFO("per 800G port: cpo " << cpo.total_w() << " W, pluggable " << plug.total_w() << " W");
}

TEST_CASE("a temperature step moves heater power and laser efficiency the way the equations say", "[phy][thermal]") {
    // Integrated lasers without a TEC sit at the engine's temperature T: their efficiency
    // WPE(T) = 0.2 (1 - 0.005 (T - 25)) and their wavelength 0.1 nm/K x (T - 25) red; a ring
    // drifts 0.06 nm/K, so its heater must cover 1 + 0.06 (70 - T) + 0.1 (T - 25) nm at 5 mW/nm:
    // hotter engines need more heat here (the laser outruns the ring).
    auto at = [](const char* coolant) {
        return config({"laser.type=integrated", coolant}).operating_point();
    };
    const auto cool = at("cooling.coolant_temperature_c=25"), warm = at("cooling.coolant_temperature_c=35");
    for (const auto& op : {cool, warm}) {
        const double t = op.engine_temperature_c;
        CHECK(op.laser_temperature_c == t);
        CHECK(op.laser_wall_plug_efficiency == Approx(0.2 * (1 - 0.005 * (t - 25))));
        CHECK(op.laser_wavelength_shift_nm == Approx(0.1 * (t - 25)));
        CHECK(op.heater_mw_per_lane == Approx(5 * (1 + 0.06 * (70 - t) + 0.1 * (t - 25))));
        // The engine sits R_th x its heat above the coolant, its lasers' heat included.
        CHECK(t == Approx(op.laser_temperature_c));
    }
    CHECK(warm.engine_temperature_c - cool.engine_temperature_c > 10);  // and a little more: more heat
    CHECK(warm.heater_mw_per_lane > cool.heater_mw_per_lane);
    CHECK(warm.laser_wall_plug_efficiency < cool.laser_wall_plug_efficiency);
    CHECK(warm.laser_w > cool.laser_w);
    // External lasers held by a TEC at 25 C: the step moves only the rings, which then need
    // less heat, and the lasers' efficiency stays.
    const auto ext = config({}).operating_point(), ext_warm = config({"cooling.coolant_temperature_c=35"}).operating_point();
    CHECK(ext_warm.heater_mw_per_lane == Approx(5 * (1 + 0.06 * (70 - ext_warm.engine_temperature_c))));
    CHECK(ext_warm.heater_mw_per_lane < ext.heater_mw_per_lane);
    CHECK(ext_warm.laser_wall_plug_efficiency == ext.laser_wall_plug_efficiency);
}

TEST_CASE("cooling mode and the engine's place decide its coolant and thermal resistance", "[phy][thermal]") {
    // A CPO engine shares the ASIC's cooling; a front-panel module stays in the air unless immersed.
    const auto plate = config({"cooling.coolant_temperature_c=30", "cooling.air_inlet_temperature_c=35"});
    CHECK(plate.thermal.coolant_c == 30);
    CHECK(plate.thermal.r_th_k_per_w == 0.15);
    CHECK(plate.thermal.laser_surroundings_c == 35);  // the external lasers at the front panel
    const auto module = config({"optics.packaging=pluggable", "optics.lanes_per_engine=8", "cooling.coolant_temperature_c=30",
                                "cooling.air_inlet_temperature_c=35"});
    CHECK(module.thermal.coolant_c == 35);
    CHECK(module.thermal.r_th_k_per_w == 0.5);
    const auto tank = config({"cooling.mode=immersion", "cooling.coolant_temperature_c=30"});
    CHECK(tank.thermal.coolant_c == 30);
    CHECK(tank.thermal.r_th_k_per_w == 0.3);
    CHECK(tank.thermal.laser_surroundings_c == 30);
    CHECK_THAT(config_error({"cooling.mode=water"}), Catch::Contains("cooling.mode"));
}

TEST_CASE("the host channel of every packaging at 100G and 200G lanes", "[phy][channel]") {
    // Loss in proportion to the Nyquist frequency: a pluggable's 22 dB at 200G lanes is 11 dB
    // at 100G. An LR SerDes (35 dB) reaches both, 24 and 13 dB to spare; a chip-to-module VSR
    // SerDes (16 dB) reaches 11 dB but not 22: 6 dB beyond its reach costs 6 dB of SNR below
    // its design point (BER 1e-5 at 19.5 dB): 13.5 dB, a BER of ~1e-2 per host channel.
    // CPO's 2 and 4 dB sit far inside XSR's 13 dB.
    const auto rows = host_channel_study(5.0);
    auto row = [&](Packaging p, ChannelClass cls, double rate) {
        for (const auto& r : rows)
            if (r.packaging == p && r.serdes_class == cls && r.lane_rate_gbps == rate) return r;
        FAIL("no row");
        return rows.front();
    };
    const double design_snr = snr_db_for_ber(Modulation::pam4, 1e-5);
    CHECK(row(Packaging::pluggable, ChannelClass::lr, 106.25).insertion_loss_db == 11);
    CHECK(row(Packaging::pluggable, ChannelClass::lr, 212.5).channel_margin_db == 13);
    CHECK(row(Packaging::pluggable, ChannelClass::lr, 106.25).channel_margin_db == 24);
    const auto vsr224 = row(Packaging::pluggable, ChannelClass::vsr, 212.5);
    CHECK(vsr224.channel_margin_db == -6);
    CHECK(vsr224.electrical_snr_db == Approx(design_snr - 6));
    CHECK(vsr224.pre_fec_ber > 2.4e-4);  // beyond the KP4 threshold: the link fails
    CHECK(row(Packaging::pluggable, ChannelClass::vsr, 106.25).channel_margin_db == 5);
    CHECK(row(Packaging::pluggable, ChannelClass::vsr, 106.25).pre_fec_ber < 1e-12);
    const auto cpo224 = row(Packaging::cpo, ChannelClass::xsr, 212.5);
    CHECK(cpo224.insertion_loss_db == 4);
    CHECK(cpo224.channel_margin_db == 9);
    CHECK(cpo224.electrical_snr_db == 28);  // at the ceiling
    CHECK(row(Packaging::cpo, ChannelClass::xsr, 106.25).insertion_loss_db == 2);
    CHECK(cpo224.serdes_pj_per_bit == 1.1);
    CHECK(row(Packaging::pluggable, ChannelClass::lr, 212.5).serdes_pj_per_bit == 5);
}
