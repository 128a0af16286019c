// Queueing architectures, traffic patterns, scheduling, PFC and ECN, each against an
// independent expectation (a published result or a hand calculation). Every simulation
// runs in its own cposim process.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <algorithm>

#include "run_cposim.h"
#include "switch_config.h"
#include "units.h"

namespace {

std::string base(int ports, const std::string& extra) {
    return "run " + source_path("configs/default.yaml") + " --set switch.ports=" +
           std::to_string(ports) + " --set switch.port_speed=100G " + extra;
}

double number(const nlohmann::json& j) { return j.get<double>(); }

// Duration (us) for about `packets` frames of `bytes` at 100G on `ports` ports at `load`.
double duration_for(double packets, int ports, double load, double bytes = 64) {
    return packets / (ports * load) * cposim::wire_time_ps(bytes, 100) * 1e-6;
}

}  // namespace

TEST_CASE("input FIFO queueing saturates at the head-of-line blocking limit", "[arch][analytic]") {
    // Karol, Hluchyj and Morgan, "Input Versus Output Queueing on a Space-Division Packet
    // Switch", IEEE Trans. Commun. 35(12), 1987, Table I: saturation throughput of an N x N
    // switch with FIFO inputs under uniform traffic: N=2 0.7500, N=4 0.6553, N=8 0.6184;
    // 2 - sqrt(2) = 0.5858 as N grows. Their inputs are saturated: every input always has a
    // frame, so the buffer is large enough that nothing is dropped during the run.
    struct Point {
        int n;
        double expected, tolerance;
    };
    for (const Point pt : {Point{2, 0.7500, 0.01}, Point{4, 0.6553, 0.01}, Point{8, 0.6184, 0.01},
                           Point{64, 2 - std::sqrt(2.0), 0.012}}) {
        const double d = duration_for(2e6, pt.n, 0.6);
        const auto r = run_cposim(base(pt.n, "--set switch.queueing=input_fifo --set switch.cell_bytes=64"
                                             " --set traffic.packet_bytes=64 --set traffic.load=1"
                                             " --set switch.buffer_bytes=2000MB --set sim.warmup_us=" +
                                             std::to_string(d * 0.1) + " --set sim.duration_us=" +
                                             std::to_string(d)),
                                  true);
        REQUIRE(r.exit_code == 0);
        const double accepted = number(r.report["throughput"]["accepted_load"]);
        INFO("N=" << pt.n << " accepted " << accepted << " expected " << pt.expected);
        CHECK(accepted == Approx(pt.expected).margin(pt.tolerance));
        CHECK(r.report["packets"]["dropped_total"].get<int64_t>() == 0);
    }
}

TEST_CASE("iSLIP with one iteration carries uniform traffic that FIFO inputs cannot", "[arch][analytic]") {
    // McKeown, "The iSLIP Scheduling Algorithm for Input-Queued Switches", IEEE/ACM ToN 7(2),
    // 1999: with uniform i.i.d. Bernoulli arrivals a single iteration of iSLIP reaches 100%
    // throughput (its pointers desynchronise), where FIFO inputs stop near 0.6 (above).
    for (int n : {16, 32}) {
        const double d = duration_for(2e6, n, 0.95);
        const std::string common = "--set switch.cell_bytes=64 --set traffic.packet_bytes=64"
                                   " --set traffic.load=0.95 --set sim.warmup_us=" +
                                   std::to_string(d * 0.1) + " --set sim.duration_us=" + std::to_string(d);
        const auto islip = run_cposim(base(n, "--set switch.queueing=voq_islip --set switch.islip_iterations=1 " + common), true);
        const auto fifo = run_cposim(base(n, "--set switch.queueing=input_fifo " + common), true);
        REQUIRE(islip.exit_code == 0);
        REQUIRE(fifo.exit_code == 0);
        const double offered = number(islip.report["throughput"]["offered_load"]);
        INFO("N=" << n);
        CHECK(number(islip.report["throughput"]["accepted_load"]) == Approx(offered).epsilon(0.01));
        CHECK(islip.report["packets"]["dropped_total"].get<int64_t>() == 0);
        CHECK(number(fifo.report["throughput"]["accepted_load"]) < 0.65);
    }
}

TEST_CASE("with one-cell frames and speedup 1 the crossbar runs at the link rate", "[arch]") {
    // A permutation has no output contention: every architecture must carry full load,
    // frame for frame, with no queueing at the outputs.
    for (const char* q : {"output", "voq_islip", "input_fifo"}) {
        const auto r = run_cposim(base(8, std::string("--set switch.queueing=") + q +
                                              " --set traffic.pattern=permutation --set traffic.load=1"
                                              " --set switch.cell_bytes=64 --set traffic.packet_bytes=64"
                                              " --set sim.duration_us=50 --set sim.warmup_us=5"),
                                  true);
        REQUIRE(r.exit_code == 0);
        INFO(q);
        CHECK(number(r.report["throughput"]["accepted_load"]) == Approx(1.0).epsilon(0.002));
        CHECK(r.report["packets"]["dropped_total"].get<int64_t>() == 0);
    }
}

TEST_CASE("contention-free patterns never queue, all-to-all in lockstep is a permutation", "[traffic]") {
    // Slot-aligned Bernoulli sources at load 1 send every slot. ring_allreduce (i -> i+1) is a
    // permutation; all_to_all moves every source to its next destination each slot, which is
    // also a permutation in every slot. Neither ever puts two frames on one output.
    for (const char* pattern : {"ring_allreduce", "all_to_all", "permutation"}) {
        const auto r = run_cposim(base(16, std::string("--set traffic.pattern=") + pattern +
                                               " --set traffic.load=1 --set sim.duration_us=20"
                                               " --set sim.warmup_us=2"),
                                  true);
        REQUIRE(r.exit_code == 0);
        INFO(pattern);
        CHECK(number(r.report["latency_ns"]["queueing_mean"]) == 0.0);
        CHECK(number(r.report["throughput"]["accepted_load"]) == Approx(1.0).epsilon(0.002));
    }
}

TEST_CASE("hotspot and incast load their target port as computed by hand", "[traffic]") {
    // Hotspot: 16 sources at load 0.05 send 30% to port 0 and the rest uniformly, so port 0
    // is offered 16 x 0.05 x (0.3 + 0.7 / 16) = 0.275 of its line rate.
    const auto hot = run_cposim(base(16, "--set traffic.pattern=hotspot --set traffic.hotspot_fraction=0.3"
                                         " --set traffic.load=0.05 --set sim.duration_us=400"),
                                true);
    REQUIRE(hot.exit_code == 0);
    CHECK(number(hot.report["ports"][0]["accepted_load"]) == Approx(0.275).epsilon(0.03));
    // Incast: 5 senders at 0.15 into port 3: 0.75 of port 3, nothing elsewhere.
    const auto incast = run_cposim(base(8, "--set traffic.pattern=incast --set traffic.hotspot_port=3"
                                           " --set traffic.incast_senders=5 --set traffic.load=0.15"
                                           " --set sim.duration_us=200"),
                                   true);
    REQUIRE(incast.exit_code == 0);
    CHECK(number(incast.report["ports"][3]["accepted_load"]) == Approx(0.75).epsilon(0.03));
    CHECK(number(incast.report["ports"][0]["accepted_load"]) == 0.0);
    CHECK(number(incast.report["ports"][3]["offered_load"]) == 0.0);  // the target does not send
}

TEST_CASE("arrival processes and size mixes offer the configured load", "[traffic]") {
    for (const char* arrival : {"bernoulli", "poisson", "onoff"}) {
        for (const char* sizes : {"fixed", "imix", "datacenter"}) {
            const auto r = run_cposim(base(8, std::string("--set traffic.arrival=") + arrival +
                                                  " --set traffic.sizes=" + sizes +
                                                  " --set traffic.load=0.4 --set sim.duration_us=400"),
                                      true);
            REQUIRE(r.exit_code == 0);
            INFO(arrival << " " << sizes);
            CHECK(number(r.report["throughput"]["offered_load"]) == Approx(0.4).epsilon(0.03));
            CHECK(number(r.report["throughput"]["accepted_load"]) == Approx(0.4).epsilon(0.03));
        }
    }
    // Simple IMIX (7:4:1 of 64, 594, 1518 B) has a mean frame of 353.83 B: at load 0.4 on
    // 8 x 100G the frame rate is 0.4 x 8 x 100e9 / ((353.83 + 20) x 8) = 106.97 Mpps.
    const auto imix = run_cposim(base(8, "--set traffic.sizes=imix --set traffic.load=0.4 --set sim.duration_us=400"), true);
    REQUIRE(imix.exit_code == 0);
    CHECK(number(imix.report["throughput"]["delivered_mpps"]) == Approx(106.97).epsilon(0.02));
    // Bursts queue more than independent arrivals at the same load.
    const auto bern = run_cposim(base(8, "--set traffic.load=0.6 --set sim.duration_us=300"), true);
    const auto bursty = run_cposim(base(8, "--set traffic.arrival=onoff --set traffic.burst_packets=32"
                                           " --set traffic.load=0.6 --set sim.duration_us=300"), true);
    REQUIRE(bern.exit_code == 0);
    REQUIRE(bursty.exit_code == 0);
    CHECK(number(bursty.report["latency_ns"]["queueing_mean"]) >
          5 * number(bern.report["latency_ns"]["queueing_mean"]));
}

TEST_CASE("strict priority and DWRR share an overloaded port as specified", "[sched]") {
    // 7 senders into one port at 0.5 each, two classes: 3.5x overload, both classes backlogged.
    const std::string incast = "--set traffic.pattern=incast --set traffic.load=0.5"
                               " --set traffic.classes=2 --set sim.duration_us=300 --set sim.warmup_us=50 ";
    const auto strict = run_cposim(base(8, incast + "--set switch.scheduler=strict"), true);
    REQUIRE(strict.exit_code == 0);
    // Strict priority: class 1 alone overloads the port (1.75x), so it takes the whole port
    // and class 0 gets nothing through once the queues have built up.
    const auto& s = strict.report["throughput_by_class"];
    REQUIRE(s.contains("1"));
    CHECK(number(s["1"]["delivered_gbps"]) == Approx(100 * 512.0 / 532.0).epsilon(0.01));
    CHECK_FALSE(s.contains("0"));
    // DWRR with weights 1:3 (quantum = weight x MTU): class 1 gets three quarters of the bytes.
    const auto dwrr = run_cposim(base(8, incast + "--set switch.scheduler=dwrr --set switch.dwrr_weights=1,3,1,1,1,1,1,1"), true);
    REQUIRE(dwrr.exit_code == 0);
    const auto& d = dwrr.report["throughput_by_class"];
    REQUIRE(d.contains("0"));
    REQUIRE(d.contains("1"));
    const double c0 = number(d["0"]["delivered_gbps"]), c1 = number(d["1"]["delivered_gbps"]);
    CHECK(c1 / (c0 + c1) == Approx(0.75).epsilon(0.02));
}

TEST_CASE("a lossless class under incast loses nothing with PFC and drops without it", "[pfc]") {
    // 7 x 100G senders at 0.5 into one port (3.5x overload), class 0 lossless, 2 MB buffer.
    const std::string incast = "--set traffic.pattern=incast --set traffic.load=0.5"
                               " --set switch.buffer_bytes=2MB --set pfc.lossless_classes=0"
                               " --set sim.duration_us=300 --set sim.warmup_us=20 ";
    const auto with = run_cposim(base(8, incast + "--set pfc.enabled=true"), true);
    const auto without = run_cposim(base(8, incast + "--set pfc.enabled=false"), true);
    REQUIRE(with.exit_code == 0);
    REQUIRE(without.exit_code == 0);
    CHECK(with.report["packets"]["dropped_total"].get<int64_t>() == 0);
    CHECK(with.report["pfc"]["pause_frames_sent"].get<int64_t>() > 0);
    CHECK(with.report["pfc"]["pause_frames_received"] == with.report["pfc"]["pause_frames_sent"]);
    CHECK(number(with.report["pfc"]["time_paused_ns"]) > 0);
    // The congested port stays busy: pausing only the senders, not throughput.
    CHECK(number(with.report["ports"][0]["accepted_load"]) == Approx(1.0).epsilon(0.01));
    CHECK(without.report["packets"]["dropped_total"].get<int64_t>() > 1000);
    CHECK(without.report["pfc"]["pause_frames_sent"].get<int64_t>() == 0);
    // The buffer never holds more than the pause points plus the headroom.
    const double headroom = number(with.report["pfc"]["headroom_bytes_per_group"]);
    CHECK(number(with.report["buffer"]["occupancy_max_bytes"]) <= 7 * (200e3 + headroom));
}

TEST_CASE("PFC headroom follows the 802.1Qbb method, by hand", "[pfc]") {
    // 100G, 2 m of fibre (9.8 ns), 9216 B MTU: 2 x (9216 + 20) max frames + 84 B pause frame
    // + 2 x 9.8 ns x 12.5 B/ns round trip + 394 quanta x 64 B response = 44017 B.
    CHECK(cposim::pfc_headroom_bytes(100, 9800, 9216) == Approx(44017));
    CHECK(cposim::pfc_response_quanta(400) == Approx(905));
}

TEST_CASE("ECN marks only when the queue passes its threshold", "[ecn]") {
    const auto calm = run_cposim(base(8, "--set ecn.enabled=true --set traffic.load=0.3 --set sim.duration_us=100"), true);
    const auto congested = run_cposim(base(8, "--set ecn.enabled=true --set traffic.pattern=incast"
                                               " --set traffic.load=0.5 --set sim.duration_us=100"), true);
    REQUIRE(calm.exit_code == 0);
    REQUIRE(congested.exit_code == 0);
    CHECK(calm.report["ecn"]["marked"].get<int64_t>() == 0);
    CHECK(congested.report["ecn"]["marked"].get<int64_t>() > 1000);
}

TEST_CASE("cut-through zero-load latency, by hand", "[arch]") {
    // 1500 B at 400G with 100 pipeline cycles at 1 GHz: the first 64 B arrive in
    // (64 + 20) x 8 / 400 = 1.68 ns, + 100 ns pipeline, + 110 ns FEC, + 30.4 ns to send:
    // 242.08 ns.
    const auto r = run_cposim(base(4, "--set switch.port_speed=400G --set traffic.packet_bytes=1500"
                                      " --set switch.core_clock=1GHz --set switch.pipeline_cycles=100"
                                      " --set switch.cut_through=true --set traffic.load=0.001"
                                      " --set sim.duration_us=2000 --set sim.warmup_us=1"),
                              true);
    REQUIRE(r.exit_code == 0);
    CHECK(number(r.report["latency_ns"]["min"]) == Approx(242.08).margin(0.001));
}

TEST_CASE("architecture options are checked", "[arch][params]") {
    const struct {
        std::string args, expect;
    } cases[] = {
        {"--set switch.queueing=voq_islip --set switch.cut_through=true", "switch.cut_through: cut-through needs"},
        {"--set switch.dwrr_weights=1,2,3", "switch.dwrr_weights: expected 8 weights"},
        {"--set switch.dwrr_weights=1,2,3,4,5,6,7,x", "'x' is not a number"},
        {"--set pfc.xon_bytes=300KB", "pfc.xon_bytes: must be below pfc.xoff_bytes"},
        {"--set pfc.lossless_classes=9", "pfc.lossless_classes: '9' is not an integer in [0, 7]"},
        {"--set traffic.hotspot_port=70", "traffic.hotspot_port: port 70 does not exist"},
        {"--set switch.buffer_bytes=0.01MB --set pfc.enabled=true", "cannot hold"},
    };
    for (const auto& c : cases) {
        const auto r = run_cposim(base(8, c.args));
        INFO(c.args << "\n" << r.output);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(c.expect));
    }
}

TEST_CASE("the CSV time series agrees with the report", "[report]") {
    const std::string csv = temp_path("series.csv");
    const auto r = run_cposim(base(8, "--set traffic.pattern=incast --set traffic.load=0.5 --set sim.duration_us=50"
                                      " --set sim.warmup_us=0.001 --set report.csv_interval=500ns --csv " + csv),
                              true);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(csv);
    std::string header, line;
    std::getline(in, header);
    CHECK(header == "time_ns,buffer_bytes,egress_gbps,drops,pfc_frames,ecn_marked,power_w,system_power_w");
    int rows = 0;
    double gbps_sum = 0, buffer_max = 0, power_sum = 0, system_sum = 0;
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string cell;
        std::vector<double> v;
        while (std::getline(ss, cell, ',')) v.push_back(std::stod(cell));
        REQUIRE(v.size() == 8);
        power_sum += v[6];
        system_sum += v[7];
        CHECK(v[0] == Approx(500.0 * (rows + 1)));
        gbps_sum += v[2];
        buffer_max = std::max(buffer_max, v[1]);
        ++rows;
    }
    CHECK(rows == 99);  // 500 ns ... 49.5 us
    // One 100G port busy all the time carries 100 x 512/532 Gb/s of frames; the series' mean
    // matches the report's delivered rate.
    CHECK(gbps_sum / rows == Approx(number(r.report["throughput"]["delivered_gbps"])).epsilon(0.02));
    CHECK(buffer_max <= number(r.report["buffer"]["occupancy_max_bytes"]));
    // Energy is power integrated over time: the series' mean power is the report's mean power
    // (the window starts at 1 ns here, the series at 500 ns; the core's dynamic part is
    // smaller than the 2% allowed for that edge).
    CHECK(power_sum / rows == Approx(number(r.report["power_w"]["total"])).epsilon(0.02));
    CHECK(system_sum / rows == Approx(number(r.report["power_w"]["system"])).epsilon(0.02));
    std::remove(csv.c_str());
}

TEST_CASE("broadcast frames are flooded to every other port and accounted for", "[arch][flood]") {
    // 8 ports, 10% of frames to the broadcast address: each leaves on the 7 other ports (the
    // frame and 6 copies), whichever pipeline decides: the source's choice or the golden model of
    // the RTL (which floods group addresses).
    const std::string args = "--set traffic.broadcast_fraction=0.1 --set traffic.load=0.3 --set sim.duration_us=100"
                             " --set switch.pipeline_cycles=4 --set phy.fec_latency=0ns";
    const auto dest = run_cposim(base(8, args), true);
    const auto golden = run_cposim(base(8, args + " --set switch.pipeline=golden"), true);
    REQUIRE(dest.exit_code == 0);
    REQUIRE(golden.exit_code == 0);
    const auto& p = dest.report["packets"];
    const int64_t injected = p["injected"], replicated = p["replicated"];
    REQUIRE(replicated > 0);
    CHECK(replicated % 6 == 0);
    const double broadcasts = static_cast<double>(replicated / 6);
    CHECK(std::abs(broadcasts - 0.1 * injected) < 5 * std::sqrt(0.1 * 0.9 * injected));
    CHECK(injected + replicated == p["delivered"].get<int64_t>() + p["dropped_total"].get<int64_t>() +
                                       p["in_flight"].get<int64_t>());
    CHECK(golden.report["packets"] == dest.report["packets"]);
}

TEST_CASE("in the incast-pfc scenario only the lossy classes lose frames", "[pfc]") {
    const std::string run = "run " + source_path("configs/incast-pfc.yaml") + " --set sim.duration_us=100";
    const auto with = run_cposim(run, true);
    const auto without = run_cposim(run + " --set pfc.enabled=false", true);
    REQUIRE(with.exit_code == 0);
    REQUIRE(without.exit_code == 0);
    const auto& by_class = with.report["packets"]["dropped_by_class"];
    CHECK_FALSE(by_class.contains("3"));  // the lossless class
    for (const char* c : {"0", "1", "2"}) CHECK(by_class.contains(c));
    CHECK(without.report["packets"]["dropped_by_class"]["3"].get<int64_t>() > 0);
    int64_t sum = 0;
    for (const auto& [c, n] : by_class.items()) sum += n.get<int64_t>();
    CHECK(sum == with.report["packets"]["dropped_total"].get<int64_t>());
}

TEST_CASE("the report and the summary state the crossbar's capacity when it is below the offered load", "[arch]") {
    // A frame of b bytes takes ceil(b / 256) cell slots of (256 + 20) B wire time but carries
    // (b + 20) B: 64 B frames at speedup 1 get 84 / 276 of line rate, at speedup 2 twice
    // that; 512 B frames (2 cells) 532 / 552; output queueing is never the bottleneck.
    struct Case {
        const char* queueing;
        int bytes, speedup;
        double capacity;
    };
    for (const Case& c : {Case{"voq_islip", 64, 1, 84.0 / 276}, Case{"input_fifo", 64, 2, 2 * 84.0 / 276},
                          Case{"voq_islip", 512, 1, 532.0 / 552}, Case{"output", 64, 1, 1.0}}) {
        INFO(c.queueing << " " << c.bytes << " B, speedup " << c.speedup);
        const auto args = base(16, std::string("--set switch.queueing=") + c.queueing + " --set traffic.load=0.9" +
                                       " --set traffic.packet_bytes=" + std::to_string(c.bytes) +
                                       " --set switch.speedup=" + std::to_string(c.speedup) +
                                       " --set sim.duration_us=20 --set sim.warmup_us=5");
        const auto r = run_cposim(args, true);
        REQUIRE(r.exit_code == 0);
        const double capacity = number(r.report["throughput"]["fabric_capacity_load"]);
        CHECK(capacity == Approx(c.capacity).epsilon(1e-12));
        CHECK(number(r.report["throughput"]["accepted_load"]) <= capacity + 1e-3);
        const bool noted = r.output.find("note         the " + std::string(c.queueing) + " fabric moves at most") !=
                           std::string::npos;
        CHECK(noted == (c.capacity < 0.9));
    }
}
