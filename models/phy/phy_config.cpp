#include "phy_config.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "errors.h"
#include "port_phy.h"
#include "signal_quality.h"

namespace cposim {

void PhyConfig::declare_parameters(ParameterRegistry& r) {
    std::string models;  // every registered PHY with its one-line doc
    for (const auto& name : port_phys().names()) models += (models.empty() ? "" : "; ") + name + " = " + port_phys().at(name).doc;
    r.add_choice("phy.model", "lanes", port_phys().names(), "the PHY module of every port: " + models);
    // --- lanes, coding, FEC -------------------------------------------------------------
    // 53.125 GBd PAM4 = 106.25 Gb/s per 100G lane (IEEE 802.3ck; docs/references.md "Lane rates");
    // Broadcom Bailly: 64 x 800G on 100G PAM4 lanes (docs/references.md "Broadcom Bailly").
    r.add_real("phy.lane_rate", Dimension::data_rate, "Gb/s", 106.25, 1, 500,
               "line rate of one lane on the wire (25.78125G NRZ, 53.125G, 106.25G, 212.5G PAM4)");
    // 800G = 8 x 100G lanes (IEEE 802.3df 800GBASE-R; docs/references.md "Broadcom Bailly").
    r.add_integer("phy.lanes_per_port", 0, 0, 32,
                  "lanes per port: lanes x lane MAC rate must equal switch.port_speed; "
                  "0 = as many as the port speed needs (800G: 8 x 100G)");
    r.add_choice("phy.modulation", "pam4", {"pam4", "nrz"},
                 "lane modulation: pam4 (2 bits per symbol) or nrz (1 bit per symbol)");
    // RS(544,514) "KP4" is the FEC of every 100G/lane Ethernet PHY (IEEE 802.3 clause 91/119/172).
    r.add_choice("phy.fec", "rs544", {"rs544", "rs528", "none"},
                 "FEC: rs544 = RS(544,514) t=15, rs528 = RS(528,514) t=7, none (CRC only)");
    r.add_text("phy.ber", "auto",
               "pre-FEC bit error ratio of every lane: a number in [0, 0.5] forces it, auto "
               "computes it from the electrical channel and the optical link budget");
    // Assumed: independent bit errors; DFE error propagation makes bursts of a few bits.
    r.add_real("phy.burst_length_bits", Dimension::none, "", 1, 1, 1000,
               "mean length of an error burst, bits (1 = independent bit errors)");
    // ~100-120 ns encode + decode for RS(544,514): IEEE 802.3dj contribution he_3dj_01_2401
    // (docs/references.md "FEC latency"); midpoint.
    r.add_real("phy.fec_latency", Dimension::time, "ns", 110, 0, 10000,
               "FEC encode + decode latency added to every frame (0 when phy.fec=none)");
    // 6380 symbol errors per 8192 codewords for RS(544,514): Intel E-tile register
    // documentation, IEEE 802.3 FEC_degraded_SER (docs/references.md "FEC threshold").
    r.add_integer("phy.fec_degrade_threshold", 6380, 0, 10000000,
                  "FEC degrade alarm: symbol errors per 8192 codewords above which it is raised");
    r.add_text("phy.host_channel_loss_db", "auto",
               "host SerDes channel insertion loss at the lane's Nyquist frequency, dB: a number "
               "overrides, auto takes the packaging's (given at 200G lanes, in proportion to the "
               "symbol rate at others)");
    r.add_choice("phy.host_serdes_class", "auto", {"auto", "xsr", "vsr", "mr", "lr"},
                 "reach class of the host SerDes (and its energy per bit): auto takes the packaging's "
                 "(cpo xsr, npo vsr, lpo and pluggable lr)");

    // --- packaging and optical engine ----------------------------------------------------
    // Co-packaged optics is what cposim is about (docs/references.md "Broadcom Bailly", "NVIDIA Photonics switches").
    r.add_choice("optics.packaging", "cpo", {"cpo", "npo", "lpo", "pluggable"},
                 "optics packaging: cpo (co-packaged, XSR host link), npo (near-packaged, VSR), "
                 "lpo (linear pluggable, no DSP), pluggable (DSP retimer, LR host link)");
    // NVIDIA Spectrum-X/Quantum-X Photonics use micro-ring modulators (docs/references.md "NVIDIA Photonics switches").
    r.add_choice("optics.engine_interface", "auto", {"auto", "linear", "xsr", "vsr", "dsp"},
                 "the optics' electrical interface to the host: auto takes the packaging's (cpo xsr, npo "
                 "vsr, lpo linear, pluggable dsp); linear = the host SerDes drives the optics directly "
                 "(nothing retimes); xsr/vsr = a SerDes on the engine; dsp = a retimer in the module");
    // Assumed 50 ns per pass: no published figure in docs/references.md (a PAM4 DSP retimer
    // that does not end the FEC: equalisers and clock recovery, tens of ns).
    r.add_real("optics.retimer_latency", Dimension::time, "ns", 50, 0, 10000,
               "latency of a DSP retimer (optics.engine_interface dsp) per pass: every frame "
               "crosses one on the way in and one on the way out");
    // Assumed: a monitor photodiode, ADC, DAC and digital loop per ring lock (or Mach-Zehnder
    // bias), a few mW each.
    r.add_real("optics.control_mw_per_lane", Dimension::none, "", 2, 0, 1000,
               "monitoring and lock/bias control loop per lane, mW");
    // Assumed: a module-class microcontroller with its sensors and management interface.
    r.add_real("optics.housekeeping_w", Dimension::power, "W", 0.3, 0, 100,
               "housekeeping controller of each optical engine, pluggable module and external laser module");
    // Assumed: a small point-of-load DC-DC converter.
    r.add_real("optics.module_conversion_efficiency", Dimension::none, "", 0.9, 0.01, 1,
               "DC-DC efficiency inside a front-panel module (pluggable, LPO, external laser module); "
               "co-packaged engines draw from the board's regulators (system.vrm_efficiency)");
    // Assumed: the commercial case temperature limit of optical modules.
    r.add_real("optics.max_temperature_c", Dimension::none, "", 70, -40, 200,
               "highest engine (or module) temperature: above it an alarm, or a shutdown "
               "(cooling.over_temperature), deg C");
    r.add_choice("optics.modulator", "microring", {"microring", "mach_zehnder"},
                 "modulator: microring (resonant, heater-tuned) or mach_zehnder (broadband, more drive)");
    // Broadcom Bailly: 8 engines x 6.4 Tb/s = 64 x 100G lanes per engine (docs/references.md "Broadcom Bailly").
    r.add_integer("optics.lanes_per_engine", 64, 1, 4096,
                  "lanes (transmit + receive pairs) per optical engine; a multiple of phy.lanes_per_port");
    // Edge coupler < 1.5 dB per facet (Wan et al., Adv. Photon. Nexus 4, 026004 (2025));
    // a grating coupler is ~5 dB (Taillaert et al. 2006) (docs/references.md "Fibre coupling loss").
    r.add_real("optics.coupling_loss_db", Dimension::none, "", 1.5, 0, 20,
               "fibre-to-chip coupling loss per facet, dB (edge coupler 1.5, grating ~5)");
    // 800GBASE-DR8 minimum extinction ratio 3.5 dB (docs/references.md "800GBASE-DR8 optics").
    r.add_real("optics.extinction_ratio_db", Dimension::none, "", 3.5, 0.5, 20,
               "extinction ratio of the modulated light, dB");
    // Assumed: 0.5 dB per mated single-mode connector (a common budgeting figure).
    r.add_real("optics.connector_loss_db", Dimension::none, "", 0.5, 0, 5,
               "loss per fibre connector, dB");
    // Assumed: engine pigtail to front panel, front panel to the partner's.
    r.add_integer("optics.connectors", 2, 0, 20, "connectors between the two engines of a link");
    // Assumed 0.5 dB/km at 1310 nm, the attenuation IEEE 802.3 budgets use for single-mode links.
    r.add_real("optics.fibre_loss_db_per_km", Dimension::none, "", 0.5, 0, 10,
               "fibre attenuation, dB/km (fibre length is link.length)");
    // Derived (D): 800GBASE-DR8 minimum transmit OMA -0.8 dBm minus the 3.0 dB maximum channel
    // loss: a compliant receiver must work at -3.8 dBm OMA (docs/references.md "800GBASE-DR8 optics").
    r.add_real("optics.rx_sensitivity_dbm", Dimension::none, "", -3.8, -30, 10,
               "receiver sensitivity, OMA in dBm at the FEC threshold BER 2.4e-4");
    r.add_real("optics.driver_pj_per_bit", Dimension::energy_per_bit, "pJ/bit", 0, 0, 100,
               "modulator driver energy per bit; 0 takes the modulator's value (microring 1.0: a "
               "112G transmitter; mach_zehnder 2.0 pJ/bit, assumed)");
    // Sun et al., Nature 528, 534 (2015): receiver 0.50 pJ/b (docs/references.md "Ring link energy").
    r.add_real("optics.tia_pj_per_bit", Dimension::energy_per_bit, "pJ/bit", 0.5, 0, 100,
               "photodiode TIA and receive front-end energy per bit");
    // dn/dT of silicon ~1.8e-4 /K -> ~0.06 nm/K at 1310 nm (Cocorullo et al., J. Appl. Phys.
    // 74, 3271 (1993); docs/references.md "Silicon thermo-optic coefficient").
    r.add_real("optics.ring_drift_nm_per_k", Dimension::none, "", 0.06, 0, 1,
               "micro-ring resonance drift with temperature, nm/K");
    // Assumed: 5 mW per nm (0.2 nm/mW), typical of rings with integrated doped heaters; with
    // the defaults below this gives ~0.15 pJ/bit of tuning, the order of Sun et al.'s 0.19.
    r.add_real("optics.heater_mw_per_nm", Dimension::none, "", 5, 0, 1000,
               "micro-ring heater power per nm of resonance tuning, mW/nm");
    // Assumed: rings are placed to lock up to 70 deg C (engine design limit).
    r.add_real("optics.ring_lock_max_temperature_c", Dimension::none, "", 70, -40, 150,
               "hottest engine temperature at which micro-rings can still be locked, deg C");
    // Assumed: fabrication spread of ring resonances that the heater must also cover.
    r.add_real("optics.ring_tuning_offset_nm", Dimension::none, "", 1, 0, 50,
               "heater tuning still needed at the lock limit temperature (fabrication margin), nm");
    // Assumed: about one free spectral range of a ~10 um ring.
    r.add_real("optics.ring_tuning_range_nm", Dimension::none, "", 8, 0.1, 100,
               "largest heater tuning; beyond it a ring unlocks and its lane goes down, nm");

    // --- lasers --------------------------------------------------------------------------
    // Broadcom Davisson and NVIDIA use field-replaceable external laser modules (docs/references.md "Field-replaceable lasers").
    r.add_choice("laser.type", "external", {"external", "integrated"},
                 "laser: external (front-panel module, OIF-ELSFP) or integrated on the engine");
    // One laser per 800 Gb/s: NVIDIA ~1 laser per 4 x 200G lanes (docs/references.md "NVIDIA laser
    // count"); with 100G lanes, 8 lanes (assumed).
    r.add_integer("laser.lanes_per_laser", 8, 1, 256, "lanes fed by one laser (one ELS fibre)");
    // OIF-ELSFP: e.g. 20 +- 1.5 dBm per fibre (docs/references.md "External laser module").
    r.add_real("laser.power_dbm", Dimension::none, "", 20, -10, 30,
               "optical output of one laser (per ELS fibre), dBm");
    // Assumed 20%: between a Si hybrid DFB's 7.6% (Tanaka et al. 2012) and a quantum-dot
    // comb's >30% (Buyalo et al. 2024) (docs/references.md "Laser wall-plug efficiency").
    r.add_real("laser.wall_plug_efficiency", Dimension::none, "", 0.2, 0.001, 1,
               "laser wall-plug efficiency (optical out / electrical in) at 25 deg C");
    // Assumed: 0.5% of the 25 deg C efficiency lost per K.
    r.add_real("laser.wpe_derating_per_k", Dimension::none, "", 0.005, 0, 0.1,
               "relative wall-plug efficiency lost per K above 25 deg C, 1/K");
    // Assumed: a switching current regulator.
    r.add_real("laser.driver_efficiency", Dimension::none, "", 0.8, 0.01, 1,
               "laser drive regulator efficiency (diode power / regulator input)");
    // Assumed: external laser modules hold their lasers at a set temperature, so the rings
    // see a fixed wavelength; integrated lasers and a module's uncooled lasers do not.
    r.add_choice("laser.tec", "auto", {"auto", "yes", "no"},
                 "lasers held at 25 deg C by a thermo-electric cooler: auto = yes for external, no for "
                 "integrated");
    // Assumed: of order 1 for the ~10-20 K a TEC holds here.
    r.add_real("laser.tec_cop", Dimension::none, "", 1, 0.01, 100,
               "TEC coefficient of performance: laser heat pumped per W drawn");
    // DFB laser drift ~0.1 nm/K (docs/references.md "DFB laser drift").
    r.add_real("laser.wavelength_drift_nm_per_k", Dimension::none, "", 0.1, 0, 1,
               "emission wavelength drift of a laser without a TEC, nm/K (the rings follow it)");
    // Derived (D): NVIDIA Quantum-X Photonics has 18 laser modules for 144 x 800G ports
    // (docs/references.md "NVIDIA Photonics switches"), 8 ports each, at one laser per 800 Gb/s
    // ("NVIDIA laser count").
    r.add_integer("laser.lasers_per_module", 8, 1, 1024, "external lasers per front-panel laser module");

    // --- cooling (what the engines see; the box's fans and pumps: models/system) ----------
    // Quantum-X Photonics is liquid cooled (docs/references.md "NVIDIA Photonics switches").
    r.add_choice("cooling.mode", "cold_plate", {"air", "cold_plate", "immersion"},
                 "how the box is cooled: air (heat sinks and fans), cold_plate (liquid on the package; "
                 "front-panel modules stay air cooled), immersion (the board in a dielectric liquid)");
    r.add_real("cooling.air_inlet_temperature_c", Dimension::none, "", 25, -40, 100,
               "air entering the box (air cooling, and the front panel with a cold plate), deg C");
    r.add_real("cooling.coolant_temperature_c", Dimension::none, "", 25, -40, 100,
               "liquid supplied to the cold plate or the immersion tank, deg C");
    // Derived (D): engines <= 31 deg C on a cold plate with 25 deg C coolant at ~40 W per engine
    // (the 40 W assumed) (docs/references.md "Liquid-cooled CPO temperature").
    r.add_real("cooling.engine_r_th_cold_plate_k_per_w", Dimension::none, "", 0.15, 0, 100,
               "thermal resistance engine to coolant on a cold plate, K/W");
    // Assumed: a heat sink in the airflow.
    r.add_real("cooling.engine_r_th_air_k_per_w", Dimension::none, "", 0.5, 0, 100,
               "thermal resistance engine (or front-panel module) to inlet air, K/W");
    // Assumed: single-phase immersion cools a bare heat sink less well than a cold plate.
    r.add_real("cooling.engine_r_th_immersion_k_per_w", Dimension::none, "", 0.3, 0, 100,
               "thermal resistance engine to the immersion liquid, K/W");
    r.add_choice("cooling.over_temperature", "alarm", {"alarm", "shutdown"},
                 "what a part over its limit does: alarm (the report lists it) or shutdown (an engine "
                 "over optics.max_temperature_c turns off: its lasers and circuits stop and its ports go "
                 "down for the rest of the run)");
    // --- thermal (the engine's own) ----------------------------------------------------------
    // Assumed 0: engine time constants (~0.1-10 s) are far longer than simulated windows, so a
    // run sees the steady state; set it to study temperature steps.
    r.add_real("thermal.time_constant", Dimension::time, "ms", 0, 0, 1e6,
               "first-order thermal time constant of an engine (0 = follows power at once)");
    // Assumed: 0.02 dB/K of receiver sensitivity (TIA noise, responsivity) above 25 deg C.
    r.add_real("thermal.rx_penalty_db_per_k", Dimension::none, "", 0.02, 0, 1,
               "receiver sensitivity penalty per K of engine temperature above 25 deg C, dB/K");
}

PortShape PortShape::from(const ParameterSet& p) {
    return {p.real("switch.port_speed"), static_cast<int>(p.integer("switch.ports")), p.real("link.length"),
            p.value("switch.port_speed").origin + ": switch.port_speed: "};
}

PhyConfig PhyConfig::from(const ParameterSet& p, const PortShape& shape) {
    auto origin = [&](const std::string& key) { return p.value(key).origin + ": " + key + ": "; };
    auto is_default = [&](const std::string& key) { return p.value(key).origin == "default"; };
    PhyConfig c;
    c.model = p.text("phy.model");
    const Modulation mod = parse_modulation(p.text("phy.modulation"));
    const FecKind fec = parse_fec(p.text("phy.fec"));
    int lanes = static_cast<int>(p.integer("phy.lanes_per_port"));
    c.port_speed_gbps = shape.port_speed_gbps;
    if (lanes == 0) {  // auto: the port speed over one lane's MAC rate, if that is whole
        const PortLanes one(1, LaneRate::from_line_rate(p.real("phy.lane_rate"), mod), fec);
        lanes = std::max(1, static_cast<int>(std::lround(c.port_speed_gbps / one.mac_rate_gbps())));
    }
    c.port = PortLanes(lanes, LaneRate::from_line_rate(p.real("phy.lane_rate"), mod), fec);
    c.ports = shape.ports;
    if (std::fabs(c.port.mac_rate_gbps() - c.port_speed_gbps) > 1e-9 * c.port_speed_gbps) {
        // Blame the first PHY key the user set; if none, the port speed.
        std::string where = shape.port_speed_origin;
        for (const char* k : {"phy.lanes_per_port", "phy.lane_rate", "phy.fec"})
            if (!is_default(k)) { where = origin(k); break; }
        throw ConfigError(where + std::to_string(lanes) + " lanes x " + format_number(c.port.lane().line_rate_gbps()) +
                          " Gb/s with " + fec_name(fec) + " carry " + format_number(c.port.mac_rate_gbps()) +
                          " Gb/s of MAC data, but switch.port_speed is " + format_number(c.port_speed_gbps) +
                          " Gb/s (one lane carries " + format_number(c.port.lane_mac_rate_gbps()) + " Gb/s)");
    }
    if (mod == Modulation::nrz && c.port.lane().baud_gbd() > 60)
        throw ConfigError(origin("phy.modulation") + "NRZ at " + format_number(c.port.lane().baud_gbd()) +
                          " GBd is beyond any Ethernet lane (NRZ lanes run at 25.78125 GBd); use pam4");

    c.fec_latency_ns = fec == FecKind::none ? 0 : p.real("phy.fec_latency");
    const std::string& ber = p.text("phy.ber");
    if (ber != "auto") {
        double v = -1;
        try {
            v = parse_quantity(ber, Dimension::none, "");
        } catch (const std::invalid_argument&) {
        }
        if (!(v >= 0 && v <= 0.5))
            throw ConfigError(origin("phy.ber") + "expected auto or a bit error ratio in [0, 0.5], got '" + ber + "'");
        c.forced_ber = v;
    }
    c.burst_length_bits = p.real("phy.burst_length_bits");
    c.fec_degrade_threshold = static_cast<uint64_t>(p.integer("phy.fec_degrade_threshold"));

    c.packaging = parse_packaging(p.text("optics.packaging"));
    const PackagingTraits traits = packaging_traits(c.packaging);
    const std::string& serdes = p.text("phy.host_serdes_class");
    c.host_channel.cls = serdes == "auto" ? traits.host_channel : parse_channel_class(serdes);
    c.host_serdes_pj_per_bit = channel_class_energy_pj_per_bit(c.host_channel.cls);
    c.host_channel.insertion_loss_db = channel_loss_at_baud_db(traits.host_channel_loss_db_200g, c.port.lane().baud_gbd());
    const std::string& interface = p.text("optics.engine_interface");
    c.interface = interface == "auto" ? traits.interface : parse_engine_interface(interface);
    c.retimer_latency_ns = c.interface == EngineInterface::dsp ? p.real("optics.retimer_latency") : 0.0;
    c.module_conversion_efficiency = p.real("optics.module_conversion_efficiency");
    c.laser_module_housekeeping_w = p.real("optics.housekeeping_w");
    const std::string& loss = p.text("phy.host_channel_loss_db");
    if (loss != "auto") {
        double v = -1;
        try {
            v = parse_quantity(loss, Dimension::none, "");
        } catch (const std::invalid_argument&) {
        }
        if (!(v >= 0 && v <= 60))
            throw ConfigError(origin("phy.host_channel_loss_db") + "expected auto or a loss in dB in [0, 60], got '" + loss + "'");
        c.host_channel.insertion_loss_db = v;
    }

    c.engine.lanes = static_cast<int>(p.integer("optics.lanes_per_engine"));
    if (c.engine.lanes % lanes != 0)
        throw ConfigError(origin("optics.lanes_per_engine") + std::to_string(c.engine.lanes) +
                          " lanes per engine is not a whole number of " + std::to_string(lanes) + "-lane ports");
    c.engine.modulator = parse_modulator(p.text("optics.modulator"));
    c.engine.lane_rate_gbps = c.port.lane().line_rate_gbps();
    const double driver = p.real("optics.driver_pj_per_bit");
    c.engine.driver_pj_per_bit = driver > 0 ? driver : modulator_traits(c.engine.modulator).driver_pj_per_bit;
    c.engine.tia_pj_per_bit = p.real("optics.tia_pj_per_bit");
    c.engine.interface_pj_per_bit = engine_interface_pj_per_bit(c.interface);
    c.engine.control_mw_per_lane = p.real("optics.control_mw_per_lane");
    c.engine.housekeeping_w = p.real("optics.housekeeping_w");
    c.engine.ring_drift_nm_per_k = p.real("optics.ring_drift_nm_per_k");
    c.engine.heater_mw_per_nm = p.real("optics.heater_mw_per_nm");
    c.engine.lock_max_temperature_c = p.real("optics.ring_lock_max_temperature_c");
    c.engine.tuning_offset_nm = p.real("optics.ring_tuning_offset_nm");
    c.engine.tuning_range_nm = p.real("optics.ring_tuning_range_nm");
    if (c.engine.tuning_offset_nm > c.engine.tuning_range_nm)
        throw ConfigError(origin("optics.ring_tuning_offset_nm") + "above optics.ring_tuning_range_nm: rings could never lock");

    c.laser.type = parse_laser_type(p.text("laser.type"));
    c.laser.lanes_per_laser = static_cast<int>(p.integer("laser.lanes_per_laser"));
    if (c.laser.lanes_per_laser > c.engine.lanes || c.engine.lanes % c.laser.lanes_per_laser != 0)
        throw ConfigError(origin("laser.lanes_per_laser") + std::to_string(c.laser.lanes_per_laser) +
                          " does not divide optics.lanes_per_engine (" + std::to_string(c.engine.lanes) +
                          "): a laser serves lanes of one engine");
    c.laser.output_power_dbm = p.real("laser.power_dbm");
    c.laser.wall_plug_efficiency = p.real("laser.wall_plug_efficiency");
    c.laser.derating_per_k = p.real("laser.wpe_derating_per_k");
    c.laser.driver_efficiency = p.real("laser.driver_efficiency");
    const std::string& tec = p.text("laser.tec");
    c.laser.tec = tec == "yes" || (tec == "auto" && c.laser.type == LaserType::external);
    c.laser.tec_cop = p.real("laser.tec_cop");
    c.laser.wavelength_drift_nm_per_k = p.real("laser.wavelength_drift_nm_per_k");
    c.laser.lasers_per_module = static_cast<int>(p.integer("laser.lasers_per_module"));

    c.budget.laser_power_dbm = c.laser.output_power_dbm;
    c.budget.lanes_per_laser = c.laser.lanes_per_laser;
    c.budget.external_laser = c.laser.type == LaserType::external;
    c.budget.coupling_loss_db = p.real("optics.coupling_loss_db");
    c.budget.modulator_loss_db = modulator_traits(c.engine.modulator).insertion_loss_db;
    c.budget.extinction_ratio_db = p.real("optics.extinction_ratio_db");
    c.budget.connector_loss_db = p.real("optics.connector_loss_db");
    c.budget.connectors = static_cast<int>(p.integer("optics.connectors"));
    c.budget.fibre = Fibre{shape.link_length_m, p.real("optics.fibre_loss_db_per_km")};
    c.budget.rx_sensitivity_oma_dbm = p.real("optics.rx_sensitivity_dbm");

    // Where the engine's heat goes: front-panel modules are in the airflow unless immersed;
    // engines next to the ASIC share its cooling. External lasers sit at the front panel.
    c.thermal.mode = parse_cooling_mode(p.text("cooling.mode"));
    const double air_c = p.real("cooling.air_inlet_temperature_c"), liquid_c = p.real("cooling.coolant_temperature_c");
    const bool immersed = c.thermal.mode == CoolingMode::immersion;
    const bool in_air = c.thermal.mode == CoolingMode::air || (traits.front_panel_module && !immersed);
    c.thermal.coolant_c = in_air ? air_c : liquid_c;
    c.thermal.laser_surroundings_c = immersed ? liquid_c : air_c;
    c.thermal.r_th_k_per_w = in_air     ? p.real("cooling.engine_r_th_air_k_per_w")
                             : immersed ? p.real("cooling.engine_r_th_immersion_k_per_w")
                                        : p.real("cooling.engine_r_th_cold_plate_k_per_w");
    c.thermal.max_temperature_c = p.real("optics.max_temperature_c");
    c.thermal.shutdown_over_limit = p.text("cooling.over_temperature") == "shutdown";
    c.thermal.tau_s = p.real("thermal.time_constant") * 1e-3;
    c.thermal.rx_penalty_db_per_k = p.real("thermal.rx_penalty_db_per_k");
    return c;
}

PhyConfig::BerModel PhyConfig::ber_model() const {
    BerModel b;
    b.modulation = port.lane().modulation();
    b.retimed = retimed(interface);
    b.electrical_snr_db = host_channel.snr_db(b.modulation);
    b.snr_at_sensitivity_db = optical_snr_db(b.modulation, 0.0, ber_at_sensitivity);
    return b;
}

double PhyConfig::BerModel::ber(double margin_db) const {
    const Modulation m = modulation;
    const double snr_e = electrical_snr_db;
    const double snr_o = snr_at_sensitivity_db + 2.0 * margin_db;  // optical_snr_db()
    // Two host channels per link (ours and the partner's), one optical span.
    if (retimed) return std::min(0.5, 2 * ber_from_snr_db(m, snr_e) + ber_from_snr_db(m, snr_o));
    return ber_from_snr_db(m, cascade_snr_db(cascade_snr_db(snr_e, snr_e), snr_o));
}

}  // namespace cposim
