// PhyConfig: parameters to a validated configuration, and the steady operating point.
#include <catch2/catch.hpp>

#include <cmath>

#include "all_parameters.h"
#include "errors.h"
#include "phy_config.h"
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
    // Auto BER of a linear (un-retimed) CPO link: two XSR host channels at the 28 dB SNR
    // ceiling and the optical span add their noise: PAM4 BER = 3/4 Q(sqrt(SNR/5)).
    const double snr = 1 / (2 / std::pow(10, 2.8) + 1 / std::pow(10, op.optical_snr_db / 10));
    CHECK(op.pre_fec_ber == Approx(0.75 * q_function(std::sqrt(snr / 5))).epsilon(1e-9));
    CHECK(op.pre_fec_ber < 1e-9);
    CHECK(op.optical_snr_db == Approx(17.65514988 + 2 * op.budget.margin_db()).epsilon(1e-6));
    CHECK(op.codeword_failure_probability < 1e-100);
    CHECK(op.host_serdes_w == Approx(1.1e-12 * 850e9));
    CHECK(op.module_dsp_w == 0);
    CHECK(op.laser_w == Approx(0.5));  // one 20 dBm laser at 20% per 800G port
    CHECK(op.total_w() == Approx(op.host_serdes_w + op.optics_w + op.laser_w));
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
    const auto air = config({"thermal.cooling=air"}).operating_point();
    CHECK(air.engine_temperature_c > base.engine_temperature_c);
    CHECK(air.heater_mw_per_lane < base.heater_mw_per_lane);
    // Heater at the engine temperature: 5 mW/nm x (1 + 0.06 x (70 - T)).
    CHECK(base.heater_mw_per_lane == Approx(5 * (1 + 0.06 * (70 - base.engine_temperature_c))));
    // Hot coolant beyond the rings' lock limit: rings unlock and the lanes carry nothing.
    const auto hot = config({"thermal.coolant_temperature_c=60", "optics.ring_lock_max_temperature_c=40"}).operating_point();
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
    // CPO link the two host channels' noise (28 dB each) adds: 16.92 dB, BER 6.41e-4.
    const auto c = config({});
    const double snr0 = 1 / (2 / std::pow(10, 2.8) + 1 / std::pow(10, 1.765514988));
    CHECK(c.computed_ber(0) == Approx(0.75 * q_function(std::sqrt(snr0 / 5))).epsilon(1e-6));
    // With a retimer (pluggable) the segments' BERs add instead: the optical span dominates.
    CHECK(config({"optics.packaging=pluggable"}).computed_ber(0) == Approx(2.4e-4).epsilon(1e-6));
    // A long host channel beyond the XSR reach dominates.
    CHECK(config({"phy.host_channel_loss_db=20"}).operating_point().pre_fec_ber > 1e-3);
}

TEST_CASE("packaging changes power the way published figures say", "[phy][config]") {
    const auto cpo = config({}).operating_point();
    const auto plug = config({"optics.packaging=pluggable"}).operating_point();
    const auto lpo = config({"optics.packaging=lpo"}).operating_point();
    CHECK(plug.module_dsp_w == Approx(8.5));
    CHECK(plug.host_serdes_w == Approx(5e-12 * 850e9));
    CHECK(plug.total_w() > lpo.total_w());
    CHECK(lpo.total_w() > cpo.total_w());
    // A pluggable module (DSP + optics + laser) stays within the 800G DR8 OSFP's 17 W maximum.
    CHECK(plug.module_dsp_w + plug.optics_w + plug.laser_w < 17);
    // Pluggable vs CPO per port: NVIDIA ~30 W vs ~9 W per 1.6T (3.3x), Bailly 14-16 W vs 5.5 W
    // (2.5-2.9x). The bottom-up model saves at least that much (more: see docs/phy.md, the CPO
    // engine's bottom-up power is below the published figures).
    CHECK(plug.total_w() / cpo.total_w() > 2.5);
    UNSCOPED_INFO("per 800G port: cpo " << cpo.total_w() << " W, pluggable " << plug.total_w() << " W");
}
