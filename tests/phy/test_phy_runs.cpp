// The PHY inside whole runs: line-rate packet rates, FEC losses against the binomial
// formula, scheduled faults, and temperature. Each simulation is its own cposim process.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "all_parameters.h"
#include "fec.h"
#include "phy_config.h"
#include "port_lanes.h"
#include "run_cposim.h"

namespace {

std::string scenario(const std::string& extra) {
    return "run " + source_path("configs/default.yaml") + " --set switch.ports=8 " + extra;
}

double number(const nlohmann::json& j) { return j.get<double>(); }

}  // namespace

TEST_CASE("full load runs at the exact line-rate packet rate", "[phy][run]") {
    // A permutation at load 1 keeps every port busy; the frame rate per port is the MAC rate
    // over (bytes + 20) x 8 (PortLanes::packet_rate_mpps, checked against the coding chain).
    for (const auto& [speed, lanes, bytes] : {std::tuple{"800G", "106.25G", 64}, std::tuple{"800G", "106.25G", 1500},
                                              std::tuple{"1.6T", "212.5G", 256}, std::tuple{"400G", "106.25G", 9000}}) {
        const auto r = run_cposim(scenario(std::string("--set switch.port_speed=") + speed + " --set phy.lane_rate=" + lanes +
                                           " --set traffic.pattern=permutation --set traffic.load=1 --set traffic.packet_bytes=" +
                                           std::to_string(bytes) + " --set sim.duration_us=100 --set sim.warmup_us=4"),
                                  true);
        REQUIRE(r.exit_code == 0);
        const double gbps = cposim::parse_quantity(speed, cposim::Dimension::data_rate, "Gb/s");
        const double per_port = gbps * 1e3 / ((bytes + 20) * 8.0);  // Mpps
        INFO(speed << " " << bytes << " B: expected " << 8 * per_port << " Mpps");
        CHECK(number(r.report["throughput"]["delivered_mpps"]) == Approx(8 * per_port).epsilon(0.002));
    }
}

TEST_CASE("frames lost to FEC follow the codeword failure probability", "[phy][fec][run]") {
    // Forced pre-FEC BER 1e-3 on RS(544,514): p_cw from the binomial formula. A 1500 B
    // frame at 800G (850 Gb/s on 8 lanes) spans 1520 x 8 / 5440 + 1 = 3.235 codewords on
    // average, and crosses two links (partner -> switch, switch -> partner).
    const double ber = 1e-3;
    const cposim::Fec fec(cposim::FecKind::rs544);
    const double p_cw = fec.codeword_failure_probability_from_ber(ber);
    const double per_link = 1 - std::pow(1 - p_cw, 1520.0 * 8 / 5440 + 1);
    const double expected = 1 - (1 - per_link) * (1 - per_link);
    const auto r = run_cposim(scenario("--set phy.ber=1e-3 --set traffic.packet_bytes=1500 --set traffic.load=0.8"
                                       " --set sim.duration_us=400 --set sim.warmup_us=1"),
                              true);
    REQUIRE(r.exit_code == 0);
    const auto& p = r.report["packets"];
    const double lost = number(p["dropped"]["fec_uncorrectable"]);
    const double total = number(p["delivered"]) + lost;
    INFO("p_cw " << p_cw << " expected loss " << expected << " measured " << lost / total);
    CHECK(std::abs(lost - total * expected) < 5 * std::sqrt(total * expected));
    CHECK(p["injected"].get<int64_t>() == p["delivered"].get<int64_t>() + p["dropped_total"].get<int64_t>() +
                                               p["in_flight"].get<int64_t>());
    // The decoder's own counters: uncorrectable codewords ~ codewords x p_cw; the BER
    // estimated from corrected symbols recovers the forced BER.
    const auto& phy = r.report["phy"];
    const double cw = number(phy["fec_codewords"]);
    CHECK(std::abs(number(phy["fec_uncorrectable"]) - cw * p_cw) < 5 * std::sqrt(cw * p_cw));
    CHECK(number(phy["pre_fec_ber_estimate"]) == Approx(ber).epsilon(0.02));
    // At BER 1e-3 a symbol fails with 1 - (1 - 1e-3)^10 = 0.00996: 8192 x 544 x 0.00996 =
    // 44,380 symbol errors per 8192 codewords, far past the 6380 degrade threshold.
    CHECK(r.report["phy"]["ports"][0]["fec_degrade_alarm"].get<bool>());
}

TEST_CASE("a failed lane takes its port down and the report says when", "[phy][faults][run]") {
    const auto r = run_cposim(scenario("--set faults.schedule='lane_down port=3 lane=5 at=30us'"
                                       " --set sim.duration_us=60 --set sim.warmup_us=10"),
                              true);
    REQUIRE(r.exit_code == 0);
    const auto& ports = r.report["phy"]["ports"];
    CHECK(number(ports[3]["link_down_ns"]) == Approx(30000));  // 30 us to the end
    CHECK(number(ports[2]["link_down_ns"]) == 0);
    REQUIRE(ports[3]["events"].size() == 1);
    CHECK(number(ports[3]["events"][0]["t_ns"]) == 30000);
    CHECK_THAT(ports[3]["events"][0]["event"].get<std::string>(), Catch::Contains("down: lane_down port=3 lane=5"));
    // Frames from and to port 3 after the fault are lost as link_down, and counted.
    CHECK(r.report["packets"]["dropped"]["link_down"].get<int64_t>() > 1000);
    CHECK(number(r.report["ports"][3]["accepted_load"]) < 0.5 * number(r.report["ports"][2]["accepted_load"]));
    const auto& p = r.report["packets"];
    CHECK(p["injected"].get<int64_t>() == p["delivered"].get<int64_t>() + p["dropped_total"].get<int64_t>() +
                                               p["in_flight"].get<int64_t>());
}

TEST_CASE("a failed laser takes down the lanes it feeds and stops drawing power", "[phy][faults][run]") {
    // Default: 64-lane engines, 8 lanes per laser, 800G = 8 lanes: laser 1 of engine 0 feeds
    // exactly port 1.
    const std::string base = "--set sim.duration_us=40 --set sim.warmup_us=0.001";
    const auto healthy = run_cposim(scenario(base), true);
    const auto failed = run_cposim(scenario(base + " --set faults.schedule='laser_fail engine=0 laser=1 at=0.001us'"), true);
    REQUIRE(healthy.exit_code == 0);
    REQUIRE(failed.exit_code == 0);
    const auto& ports = failed.report["phy"]["ports"];
    CHECK(number(ports[1]["link_down_ns"]) > 39000);
    CHECK(number(ports[0]["link_down_ns"]) == 0);
    CHECK(number(ports[2]["link_down_ns"]) == 0);
    // One laser of the engine's 8 is dark: laser power falls by an eighth.
    CHECK(number(failed.report["power_w"]["laser"]) ==
          Approx(number(healthy.report["power_w"]["laser"]) * 7 / 8).epsilon(1e-3));
}

TEST_CASE("a BER window corrupts frames on one port only while it lasts", "[phy][faults][run]") {
    const auto r = run_cposim(scenario("--set faults.schedule='ber port=2 ber=2e-3 from=20us to=40us'"
                                       " --set traffic.packet_bytes=1500 --set sim.duration_us=60 --set sim.warmup_us=1"),
                              true);
    REQUIRE(r.exit_code == 0);
    const auto& ports = r.report["phy"]["ports"];
    CHECK(ports[2]["corrupted_frames"].get<int64_t>() > 100);
    for (int i : {0, 1, 3, 7}) CHECK(ports[i]["corrupted_frames"].get<int64_t>() == 0);
    CHECK(r.report["packets"]["dropped"]["fec_uncorrectable"].get<int64_t>() > 100);
}

TEST_CASE("a temperature step changes heater and laser power as the steady states say", "[phy][thermal][run]") {
    // 8 ports share engine 0. The coolant of engine 0 steps by +10 K at 30 us of a 60 us
    // window: mean thermal-tuning power is the average of the two steady states. With
    // external lasers held by a TEC only the heaters move; with integrated uncooled lasers
    // the lasers' efficiency and wavelength move too (docs/phy.md §4-5).
    for (const char* lasers : {"external", "integrated"}) {
        INFO(lasers);
        const std::string type = std::string(" --set laser.type=") + lasers;
        const auto r = run_cposim(scenario("--set faults.schedule='temp_step engine=0 delta=10 at=30us'"
                                           " --set sim.duration_us=60 --set sim.warmup_us=0.000001" + type),
                                  true);
        REQUIRE(r.exit_code == 0);
        cposim::ParameterSet params(cposim::parameter_registry());
        params.load_yaml_file(source_path("configs/default.yaml"));
        params.apply_override("switch.ports=8");
        params.apply_override(std::string("laser.type=") + lasers);
        cposim::PhyConfig c = cposim::PhyConfig::from(params, cposim::PortShape::from(params));
        const auto before = c.operating_point();
        c.thermal.coolant_c += 10;
        const auto after = c.operating_point();
        const double lanes = 8 * c.port.lanes();
        const double expected_heater = lanes * 1e-3 * (before.heater_mw_per_lane + after.heater_mw_per_lane) / 2;
        CHECK(number(r.report["power_w"]["thermal_tuning"]) == Approx(expected_heater).epsilon(1e-3));
        CHECK(number(r.report["power_w"]["laser"]) == Approx(8 * (before.laser_w + after.laser_w) / 2).epsilon(1e-3));
        CHECK(number(r.report["power_w"]["laser_overhead"]) ==
              Approx(8 * (before.laser_overhead_w + before.laser_module_w + after.laser_overhead_w + after.laser_module_w) / 2)
                  .epsilon(1e-3));
        CHECK(before.heater_mw_per_lane != after.heater_mw_per_lane);
        if (std::string(lasers) == "integrated") {
            CHECK(after.laser_wall_plug_efficiency < before.laser_wall_plug_efficiency);
            CHECK(after.heater_mw_per_lane > before.heater_mw_per_lane);  // the laser outruns the ring
        } else {
            CHECK(after.laser_wall_plug_efficiency == before.laser_wall_plug_efficiency);
            CHECK(after.heater_mw_per_lane < before.heater_mw_per_lane);
        }
    }
}

namespace {
// Times (ps) and values of one VCD variable, found by scope path and name.
std::vector<std::pair<long long, long long>> vcd_trace(const std::string& path, const std::string& scope,
                                                      const std::string& name) {
    std::ifstream in(path);
    std::string word, id;
    std::vector<std::string> scopes;
    while (in >> word && word != "$enddefinitions") {
        if (word == "$scope") {
            std::string kind, s;
            in >> kind >> s;
            scopes.push_back(s);
        } else if (word == "$upscope") {
            scopes.pop_back();
        } else if (word == "$var") {
            std::string type, width, vid, vname;
            in >> type >> width >> vid >> vname;
            std::string full;
            for (const auto& s : scopes) full += (full.empty() ? "" : ".") + s;
            if (full == scope && vname == name) id = vid;
        }
    }
    std::vector<std::pair<long long, long long>> out;
    long long t = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] == '#') t = std::stoll(line.substr(1));
        else if (line[0] == 'b' && line.substr(line.find(' ') + 1) == id)
            out.emplace_back(t, std::stoll(line.substr(1, line.find(' ') - 1), nullptr, 2));
        else if ((line[0] == '0' || line[0] == '1') && line.substr(1) == id)
            out.emplace_back(t, line[0] - '0');
    }
    return out;
}
}  // namespace

TEST_CASE("waves trace link state, FEC, temperature and heater power", "[phy][waves][run]") {
    const std::string vcd = temp_path("phy.vcd");
    const auto r = run_cposim(scenario("--set sim.duration_us=50 --set faults.schedule='lane_down port=2 lane=0 at=20us;"
                                       " temp_step engine=0 delta=20 at=30us' --vcd " + vcd));
    REQUIRE(r.exit_code == 0);
    const auto link = vcd_trace(vcd, "phy.port2", "link_up");
    REQUIRE(!link.empty());
    REQUIRE(link.size() >= 3);  // 0 in $dumpvars, then the samples
    CHECK(link[1] == std::make_pair(1000000LL, 1LL));  // first sample at 1 us: up
    CHECK(link.back() == std::make_pair(20000000LL, 0LL));  // down from the 20 us sample on
    const auto temp = vcd_trace(vcd, "phy.engine0", "temperature_mc");
    REQUIRE(temp.size() >= 2);
    CHECK(temp.back().first == 30000000LL);
    CHECK(temp.back().second > temp[1].second + 15000);  // about 20 K warmer (mK)
    CHECK(!vcd_trace(vcd, "phy.engine0", "heater_mw").empty());
    CHECK(!vcd_trace(vcd, "switch", "power_mw").empty());
    std::remove(vcd.c_str());
}

TEST_CASE("a PHY and an engine set by instance change only their own port and engine", "[phy][instances][run]") {
    // 16 ports on two engines. Port 3 alone at a forced BER of 1e-4; engine 1 (ports 8..15)
    // with its coolant 20 K warmer.
    const auto r = run_cposim("run " + source_path("configs/default.yaml") + " --set switch.ports=16"
                              " --set 'switch.phy3:phy.ber=1e-4' --set sim.duration_us=20"
                              " --set 'switch.engine1:cooling.coolant_temperature_c=45'",
                              true);
    REQUIRE(r.exit_code == 0);
    const auto& ports = r.report["phy"]["ports"];
    for (const auto& p : ports) {
        INFO("port " << p["port"]);
        if (p["port"] == 3)
            CHECK(p["fec_corrected_symbols"].get<int64_t>() > 0);
        else
            CHECK(p["fec_corrected_symbols"].get<int64_t>() == 0);
    }
    // Heaters by hand: engine 0 at the base steady state, engine 1 at 45 deg C coolant.
    cposim::ParameterSet params(cposim::parameter_registry());
    params.load_yaml_file(source_path("configs/default.yaml"));
    cposim::PhyConfig c = cposim::PhyConfig::from(params, cposim::PortShape::from(params));
    const auto base = c.operating_point();
    c.thermal.coolant_c = 45;
    const auto warm = c.operating_point();
    const double lanes_per_engine = c.engine.lanes;
    const double expected = lanes_per_engine * 1e-3 * (base.heater_mw_per_lane + warm.heater_mw_per_lane);
    CHECK(number(r.report["power_w"]["thermal_tuning"]) == Approx(expected).epsilon(1e-9));
    CHECK(warm.heater_mw_per_lane < base.heater_mw_per_lane);  // a warmer ring needs less heat
}

TEST_CASE("an engine over its temperature limit raises an alarm, and shuts down where configured", "[phy][thermal][run]") {
    // Engine 0's coolant steps up 50 K at 20 us: 25 + 50 + 0.15 x ~19 W = 77.9 C, above its 70 C.
    const std::string hot = "--set switch.ports=16 --set sim.duration_us=40 --set sim.warmup_us=1"
                            " --set faults.schedule='temp_step engine=0 delta=50 at=20us'";
    const auto alarm = run_cposim(scenario(hot), true);
    const auto shut = run_cposim(scenario(hot + " --set cooling.over_temperature=shutdown"), true);
    REQUIRE(alarm.exit_code == 0);
    REQUIRE(shut.exit_code == 0);
    for (const auto* r : {&alarm, &shut}) {
        const auto& alarms = r->report["cooling"]["alarms"];
        REQUIRE(alarms.size() == 1);
        CHECK(alarms[0]["part"] == "switch.engine0");
        CHECK(number(alarms[0]["at_ns"]) == 20000);
        CHECK(number(alarms[0]["temperature_c"]) > 70);
        CHECK(number(alarms[0]["limit_c"]) == 70);
    }
    CHECK(alarm.report["cooling"]["alarms"][0]["action"] == "alarm");
    CHECK(shut.report["cooling"]["alarms"][0]["action"] == "shutdown");
    // Alarm only: every link stays up. Shutdown: engine 0's ports (0-7) go down at 20 us and
    // stay down; engine 1's carry on.
    for (int i = 0; i < 16; ++i) CHECK(number(alarm.report["phy"]["ports"][i]["link_down_ns"]) == 0);
    for (int i = 0; i < 8; ++i) {
        const auto& p = shut.report["phy"]["ports"][i];
        CHECK(number(p["link_down_ns"]) == 20000);
        CHECK_THAT(p["events"][0]["event"].get<std::string>(), Catch::StartsWith("down: thermal shutdown: engine 0"));
    }
    for (int i = 8; i < 16; ++i) CHECK(number(shut.report["phy"]["ports"][i]["link_down_ns"]) == 0);
    CHECK(shut.report["packets"]["dropped"]["link_down"].get<int64_t>() > 0);
    // The shut-down engine draws nothing for the last 20 of the 39 us: its lasers' mean power
    // is engine 1's (39 us) plus engine 0's 19 us.
    CHECK(number(shut.report["power_w"]["laser"]) ==
          Approx(number(alarm.report["power_w"]["laser"]) * (39.0 + 19.0) / (2 * 39.0)).epsilon(1e-9));
}
