// End-to-end runs of the cposim program: each simulation is its own process.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>
#include <vector>

#include "run_cposim.h"
#include "timing_wheel.h"
#include "units.h"

namespace {

const std::string small = source_path("configs/default.yaml") +
                          " --set switch.ports=8 --set sim.duration_us=20 --set sim.warmup_us=2";

int64_t i64(const nlohmann::json& j) { return j.get<int64_t>(); }

void check_accounting(const nlohmann::json& r) {
    const auto& p = r.at("packets");
    CHECK(i64(p.at("injected")) ==
          i64(p.at("delivered")) + i64(p.at("dropped_total")) + i64(p.at("in_flight")));
}

// A PFC run in its varying windows, and the same run in windows held at its pause's trip
// (sim.quantum_ns set to it): both must succeed, and give the same results.
struct VaryingAndAtTrip {
    CposimResult varying, fixed;
    double trip_ns = 0;
};
VaryingAndAtTrip run_varying_and_at_trip(const std::string& scenario) {
    VaryingAndAtTrip r;
    r.varying = run_cposim("run " + scenario, true);
    REQUIRE(r.varying.exit_code == 0);
    r.trip_ns = r.varying.report.at("sim").at("shortest_window_ns").get<double>();
    std::ostringstream fixed_quantum;
    fixed_quantum << std::setprecision(12) << r.trip_ns;
    r.fixed = run_cposim("run " + scenario + " --set sim.quantum_ns=" + fixed_quantum.str(), true);
    REQUIRE(r.fixed.exit_code == 0);
    for (const char* part : {"packets", "latency_ns", "latency_ns_by_class", "throughput", "buffer", "ecn", "pfc", "ports"})
        CHECK(r.varying.report.at(part).dump() == r.fixed.report.at(part).dump());
    return r;
}

}  // namespace

TEST_CASE("the default scenario runs and every packet is accounted for", "[run]") {
    const auto r = run_cposim("run " + small, true);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    check_accounting(r.report);
    CHECK(i64(r.report.at("packets").at("delivered")) > 10000);
    CHECK(i64(r.report.at("packets").at("dropped").at("buffer_full")) == 0);
    // Accepted equals offered when nothing is dropped (to within edge effects of the window).
    CHECK(r.report.at("throughput").at("accepted_load").get<double>() ==
          Approx(r.report.at("throughput").at("offered_load").get<double>()).epsilon(0.02));
    CHECK(r.report.at("sim").at("packets_per_wall_s").get<double>() > 0);
}

TEST_CASE("an overloaded small buffer drops with a named reason and still balances", "[run]") {
    // 1 KB of buffer cannot hold two 512 B frames beside the one on the wire.
    const auto r = run_cposim("run " + small + " --set switch.buffer_bytes=1KB --set traffic.load=1", true);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    check_accounting(r.report);
    CHECK(i64(r.report.at("packets").at("dropped").at("buffer_full")) > 1000);
    CHECK(r.report.at("buffer").at("occupancy_max_bytes").get<double>() <= 1000);
    CHECK(r.report.at("throughput").at("accepted_load").get<double>() <
          r.report.at("throughput").at("offered_load").get<double>());
}

TEST_CASE("the same seed gives the same report, another seed does not", "[run]") {
    auto strip = [](nlohmann::json r) {
        return without_machine_fields(std::move(r));
    };
    const auto a = run_cposim("run " + small + " --seed 42", true);
    const auto b = run_cposim("run " + small + " --seed 42", true);
    const auto c = run_cposim("run " + small + " --seed 43", true);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    REQUIRE(c.exit_code == 0);
    CHECK(strip(a.report).dump() == strip(b.report).dump());
    CHECK(a.report.at("packets").dump() != c.report.at("packets").dump());
}

TEST_CASE("results do not depend on the temporal-decoupling quantum", "[run]") {
    const auto a = run_cposim("run " + small + " --set sim.quantum_ns=37", true);
    const auto b = run_cposim("run " + small + " --set sim.quantum_ns=5000", true);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    CHECK(a.report.at("packets").dump() == b.report.at("packets").dump());
    CHECK(a.report.at("latency_ns").dump() == b.report.at("latency_ns").dump());
    CHECK(a.report.at("throughput").dump() == b.report.at("throughput").dump());
    // ...while the number of kernel activations per packet falls with a longer quantum.
    CHECK(b.report.at("sim").at("events_per_packet").get<double>() <
          a.report.at("sim").at("events_per_packet").get<double>());
}

// With PFC the windows vary: the switch lets a window run as long as no pause it could send
// would arrive inside it (each ingress group's room below XOFF and the shared pool's room
// at line rate; while a partner is paused, until its group could drain to XON or its pause
// be refreshed). Against windows held at the trip (sim.quantum_ns set to it) every result
// is the same, in runs that pause and resume many times: an incast, with broadcasts (a
// frame may flood, so the groups may fill up to a copy per port faster), with cut-through
// and clocked pipelines, with a small XOFF that pauses early, a uniform load over 100 m
// with every class lossless, an incast of lossless frames alone, a pause queued behind a
// data frame, cut-through jumbo frames on links of no length, a replayed capture with runts
// whose sources hold frames back, a capture's burst denser than a port sends, and frames lost
// on the wire before any frame was decided (with cut-through: the switch's lead past a
// window's end must not count on their pipeline latency).
TEST_CASE("PFC runs in varying windows give the results of windows held at the pause's trip", "[run]") {
    const std::string incast = source_path("configs/incast-pfc.yaml");
    const std::vector<std::string> runs = {
        incast,
        incast + " --set traffic.broadcast_fraction=0.02",
        incast + " --set switch.cut_through=true --set switch.pipeline=golden --set switch.pipelines=2"
                 " --set traffic.packet_bytes=256",
        incast + " --set pfc.xoff_bytes=20KB --set pfc.xon_bytes=10KB",
        incast + " --set traffic.pattern=uniform --set traffic.load=1 --set pfc.lossless_classes=0,1,2,3"
                 " --set pfc.xoff_bytes=4KB --set pfc.xon_bytes=2KB --set link.length=100m",
        // every frame lossless and the shared pool never full: the windows while paused end
        // where a resume could go at the earliest (the groups drained at line rate)
        incast + " --set switch.buffer_bytes=32MB --set traffic.classes=1 --set pfc.lossless_classes=0",
        // a pause that waits behind a 1500 B frame on its egress port goes out in a later window
        incast + " --set traffic.pattern=hotspot --set traffic.hotspot_fraction=0.5 --set traffic.load=1"
                 " --set traffic.classes=1 --set pfc.lossless_classes=0 --set switch.buffer_bytes=32MB"
                 " --set traffic.packet_bytes=1500 --set ecn.enabled=false",
        // frames lost on the wire from the start, before any frame was decided (they take no
        // pipeline latency), with cut-through's short header time
        incast + " --set switch.cut_through=true --set 'faults.schedule=ber port=all ber=0.1 from=0us to=5us'",
        // cut-through admits 9000 B frames when their headers are in, on links of no length
        incast + " --set switch.cut_through=true --set traffic.packet_bytes=9000 --set link.length=0"
                 " --set traffic.classes=1 --set pfc.lossless_classes=0 --set switch.buffer_bytes=32MB",
        // a capture replayed: runts (cells fill fastest) and sources whose full queues hold
        // frames back (the partners then make and send frames as in windows at the trip)
        incast + " --set traffic.source=pcap --set traffic.pcap_file=" + source_path("tests/captures/fuzz.pcap") +
                 " --set traffic.pcap_timing=load --set traffic.load=1 --set traffic.pcap_loop=true"
                 " --set switch.ports=4 --set pfc.lossless_classes=0 --set switch.buffer_bytes=32MB"
                 " --set sim.duration_us=100",
        // a capture's burst denser than a port sends (1 ns apart): its partner's queue would
        // fill if a long window made the whole burst before sending any, so the partner
        // makes and sends in steps of the trip (and, as at the trip, holds nothing back)
        incast + " --set traffic.source=pcap --set traffic.pcap_file=" + source_path("tests/captures/burst.pcapng") +
                 " --set traffic.pcap_timing=capture --set switch.ports=2 --set sim.duration_us=30"
                 " --set sim.warmup_us=1",
    };
    for (const std::string& scenario : runs) {
        INFO(scenario);
        const auto [varying, fixed, trip_ns] = run_varying_and_at_trip(scenario);
        if (scenario.find("burst.pcapng") == std::string::npos)  // the burst pauses nothing
            CHECK(i64(varying.report.at("pfc").at("pause_frames_sent")) > 0);
        // the fixed run's windows are all at the trip; the varying run's are as many or fewer
        // (fewer where the switch is far from pausing for a while: the incast's first 20 us)
        CHECK(fixed.report.at("sim").at("quantum_ns").get<double>() == trip_ns);
        CHECK(varying.report.at("sim").at("quantum_ns").get<double>() > trip_ns);  // the windows may vary
        const int64_t held_back = i64(varying.report.at("pfc").at("held_back_at_sources"));
        if (scenario.find("burst.pcapng") != std::string::npos) CHECK(held_back == 0);
        if (scenario.find("fuzz.pcap") != std::string::npos) CHECK(held_back > 0);
        CHECK(i64(varying.report.at("sim").at("windows")) <= i64(fixed.report.at("sim").at("windows")));
        if (scenario == incast) CHECK(i64(varying.report.at("sim").at("windows")) < i64(fixed.report.at("sim").at("windows")) / 2);
    }
}

// Over 1 ms of the incast a pause may come at any moment, yet the switch runs each window's
// events up to where what its partners send next could be admitted (the fibre's delay and
// the 200 ns pipeline past the window's end, to a calendar bucket), and no pause
// it sends can arrive before that plus the trip: every window but the first and the last
// is a whole number of trips no shorter than that lead plus a trip. The results stay those
// of windows held at the trip.
TEST_CASE("with a pause possible at any moment the windows are the switch's lead plus the trip", "[run][pfc]") {
    const auto [varying, fixed, trip_ns] =
        run_varying_and_at_trip(source_path("configs/incast-pfc.yaml") + " --set sim.duration_us=1000");
    CHECK(i64(varying.report.at("pfc").at("pause_frames_sent")) > 500);  // it pauses all the time
    const double fibre_ns = trip_ns - 84 * 8 / 100.0;  // the trip less a 64 B pause frame's wire time at 100G
    const double bucket_ns = static_cast<double>(cposim::TimingWheel::bucket_ps) * 1e-3;
    const double lead_ns = fibre_ns + 250 / 1.25 - 0.001 - bucket_ns;  // pipeline: 250 cycles at 1.25 GHz
    const double shortest_ns = std::floor((lead_ns + trip_ns) / trip_ns) * trip_ns;
    CHECK(i64(varying.report.at("sim").at("windows")) <= static_cast<int64_t>(1e6 / shortest_ns) + 2);
    CHECK(i64(fixed.report.at("sim").at("windows")) >= static_cast<int64_t>(1e6 / trip_ns));
}

// A 63-to-1 incast at 1.8% load per source: frames of a port are further apart than the
// pipeline is deep, so a frame finds its pipeline empty or not depending on where quantum
// boundaries fall, and simultaneous admissions into one queue decide which frames ECN
// marks. (An admission order that followed the order the admissions were scheduled in
// differed between these two quanta for seed 3.)
TEST_CASE("results do not depend on the quantum when the order of simultaneous admissions matters", "[run]") {
    const std::string incast = source_path("configs/default.yaml") +
                               " --set switch.ports=64 --set sim.duration_us=60 --set sim.warmup_us=2"
                               " --set traffic.load=0.018 --set traffic.pattern=incast --set traffic.incast_senders=63"
                               " --set traffic.classes=2 --set ecn.enabled=true --set ecn.pmax=0.5 --set ecn.kmin_bytes=2KB";
    for (int seed : {1, 2, 3}) {
        const std::string run = "run " + incast + " --seed " + std::to_string(seed);
        const auto a = run_cposim(run + " --set sim.quantum_ns=37", true);
        const auto b = run_cposim(run + " --set sim.quantum_ns=1000", true);
        REQUIRE(a.exit_code == 0);
        REQUIRE(b.exit_code == 0);
        INFO("seed " << seed);
        CHECK(i64(a.report.at("ecn").at("marked")) > 1000);
        for (const char* part : {"packets", "latency_ns", "latency_ns_by_class", "throughput", "buffer", "ecn", "ports"})
            CHECK(a.report.at(part).dump() == b.report.at(part).dump());
    }
}

TEST_CASE("zero-load latency is two wire times plus the pipeline and FEC, by hand", "[run]") {
    // 1500 B at 400 Gb/s: wire time (1500 + 20) * 8 / 400 = 30.4 ns. Pipeline 100 cycles at
    // 1 GHz = 100 ns. RS(544,514) encode + decode (phy.fec_latency) 110 ns. Store-and-forward:
    // 30.4 (in) + 100 + 110 + 30.4 (out) = 270.8 ns.
    const auto r = run_cposim("run " + source_path("configs/default.yaml") +
                                  " --set switch.ports=4 --set switch.port_speed=400G"
                                  " --set traffic.packet_bytes=1500 --set switch.core_clock=1GHz"
                                  " --set switch.pipeline_cycles=100 --set traffic.load=0.001"
                                  " --set sim.duration_us=2000 --set sim.warmup_us=1",
                              true);
    REQUIRE(r.exit_code == 0);
    const auto& l = r.report.at("latency_ns");
    REQUIRE(i64(l.at("samples")) > 10);
    CHECK(l.at("min").get<double>() == Approx(270.8).margin(0.001));
    CHECK(l.at("p50").get<double>() == Approx(270.8).margin(1.0));
}

TEST_CASE("output-queued delay under Bernoulli uniform traffic matches the textbook result",
          "[run][analytic]") {
    // Karol, Hluchyj and Morgan, "Input Versus Output Queueing on a Space-Division Packet
    // Switch", IEEE Trans. Commun. 35(12), 1987, eq. for output queueing: the mean wait in
    // slots of an N x N output-queued switch with Bernoulli(p) arrivals and uniform
    // destinations is W = (N-1)/N * p / (2 (1 - p)). (Each output sees Binomial(N, p/N)
    // arrivals per slot and serves one: the discrete-time M/D/1 limit as N -> infinity.)
    const double slot_ns = cposim::wire_time_ps(64, 100) * 1e-3;  // 64 B at 100G: 6.72 ns
    for (int n : {4, 16, 64}) {
        for (double p : {0.3, 0.6, 0.9}) {
            // About 1.5 million packets per point; 5% warm-up.
            const double slots = 1.5e6 / (n * p);
            const double duration_us = slots * slot_ns * 1e-3;
            const auto r = run_cposim(
                "run " + source_path("configs/default.yaml") + " --set switch.ports=" +
                    std::to_string(n) + " --set switch.port_speed=100G --set traffic.packet_bytes=64" +
                    " --set traffic.load=" + std::to_string(p) +
                    " --set sim.duration_us=" + std::to_string(duration_us) +
                    " --set sim.warmup_us=" + std::to_string(duration_us * 0.05),
                true);
            REQUIRE(r.exit_code == 0);
            const double expected = (n - 1.0) / n * p / (2.0 * (1.0 - p));
            const double measured = r.report.at("latency_ns").at("queueing_mean").get<double>() / slot_ns;
            INFO("N=" << n << " p=" << p << " expected " << expected << " slots, measured " << measured);
            CHECK(measured == Approx(expected).epsilon(0.04));
            CHECK(r.report.at("throughput").at("offered_load").get<double>() == Approx(p).epsilon(0.01));
        }
    }
}

TEST_CASE("waves: --vcd writes model-level waves for every port", "[run][waves]") {
    const std::string vcd = temp_path("waves.vcd");
    const auto r = run_cposim("run " + small + " --set sim.duration_us=3 --vcd " + vcd);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(vcd);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(text, Catch::Contains("$timescale 1ps $end"));
    CHECK_THAT(text, Catch::Contains("$scope module port7 $end"));
    for (const char* var : {"queue_bytes", "tx_busy", "drops", "buffer_used_bytes", "power_mw"})
        CHECK_THAT(text, Catch::Contains(var));
    CHECK(text.size() > 10000);  // there were value changes, not just a header
    std::remove(vcd.c_str());
}

TEST_CASE("waves: the default save file names only signals the default run writes", "[run][waves]") {
    const std::string vcd = temp_path("cpo-51t2.vcd");
    const auto r = run_cposim("run " + source_path("configs/cpo-51t2.yaml") +
                              " --set sim.duration_us=0.2 --set sim.warmup_us=0 --vcd " + vcd);
    REQUIRE(r.exit_code == 0);
    // Collect "scope.path.name[msb:0]" for every $var, following $scope/$upscope.
    std::ifstream in(vcd);
    std::vector<std::string> scopes;
    std::set<std::string> names;
    std::string word;
    while (in >> word) {
        if (word == "$scope") {
            std::string kind, name;
            in >> kind >> name;
            scopes.push_back(name);
        } else if (word == "$upscope") {
            scopes.pop_back();
        } else if (word == "$var") {
            std::string type, width, id, name, range;
            in >> type >> width >> id >> name >> range;
            std::string full;
            for (const auto& s : scopes) full += s + ".";
            names.insert(full + name + (range == "$end" ? "" : range));
        } else if (word == "$enddefinitions") {
            break;
        }
    }
    std::ifstream gtkw(source_path("waves/cpo-51t2.gtkw"));
    std::string line;
    int signals = 0;
    while (std::getline(gtkw, line)) {
        if (line.empty() || line[0] == '[' || line[0] == '@' || line[0] == '-' || line[0] == '*')
            continue;
        ++signals;
        INFO(line);
        CHECK(names.count(line) == 1);
    }
    CHECK(signals >= 10);
    std::remove(vcd.c_str());
}

// Four 800G sources at half load into port 0 overload it by one line rate: in 10 us its
// queue grows by 10 us x 800 Gb/s x 512/532 (frame bits of the wire time) = 0.96 MB. Then
// a BER of 5% takes port 0 down and its queue is flushed. The peak belongs to a window
// that holds the build-up, not to one that starts after the flush.
TEST_CASE("the buffer peak is the measurement window's, not the warm-up's", "[run]") {
    const std::string incast = source_path("configs/default.yaml") +
                               " --set switch.ports=8 --set traffic.pattern=incast --set traffic.incast_senders=4"
                               " --set traffic.load=0.5 --set sim.duration_us=40"
                               " --set 'faults.schedule=ber port=0 ber=0.05 from=10us to=40us'";
    const auto after_flush = run_cposim("run " + incast + " --set sim.warmup_us=20", true);
    const auto with_build_up = run_cposim("run " + incast + " --set sim.warmup_us=5", true);
    REQUIRE(after_flush.exit_code == 0);
    REQUIRE(with_build_up.exit_code == 0);
    const double expected = 10e-6 * 800e9 / 8 * 512.0 / 532.0;
    CHECK(with_build_up.report["buffer"]["occupancy_max_bytes"].get<double>() == Approx(expected).epsilon(0.02));
    CHECK(after_flush.report["buffer"]["occupancy_max_bytes"].get<double>() < 0.01 * expected);
    CHECK(after_flush.report["packets"]["dropped"]["link_down"].get<int64_t>() > 0);
    check_accounting(after_flush.report);
}

TEST_CASE("every preset gives byte-identical reports for the same seed, run after run", "[run][determinism]") {
    // Apart from what measures the machine (wall and CPU time, memory), the same seed gives
    // the same report byte for byte. (The identity tests hold the Release and the sanitizer
    // builds to the same references; the sweep test below holds --jobs 1 and 2 alike.)
    auto strip = [](nlohmann::json r) {
        return without_machine_fields(std::move(r)).dump();
    };
    for (const char* preset : {"cpo-51t2", "pluggable-51t2", "lpo-51t2", "cpo-102t4", "pluggable-102t4", "default",
                               "incast-pfc"}) {
        INFO(preset);
        const std::string args = "run " + source_path(std::string("configs/") + preset + ".yaml") +
                                 " --set sim.duration_us=8 --set sim.warmup_us=1 --seed 11";
        const auto a = run_cposim(args, true), b = run_cposim(args, true);
        REQUIRE(a.exit_code == 0);
        REQUIRE(b.exit_code == 0);
        CHECK(strip(a.report) == strip(b.report));
    }
}

// Under a long PFC pause the partners' send queues would grow without end (and the memory
// with them); at traffic.source_queue_frames the application is held back instead. What the
// Bernoulli sources would have made is then split into frames created and frames held back.
TEST_CASE("a paused class fills its partner's send queue, then holds the application back", "[run][pfc][limits]") {
    const std::string args = "run " + source_path("configs/incast-pfc.yaml") +
                             " --set sim.duration_us=3000 --set sim.warmup_us=20";
    const auto limited = run_cposim(args + " --set traffic.source_queue_frames=64", true);
    const auto unlimited = run_cposim(args + " --set traffic.source_queue_frames=10000000", true);
    REQUIRE(limited.exit_code == 0);
    REQUIRE(unlimited.exit_code == 0);
    check_accounting(limited.report);
    check_accounting(unlimited.report);
    // 7 senders at load 0.9, one frame slot = (1024 + 20) B at 100 Gb/s = 83.52 ns.
    const double slots = std::ceil(3000e3 / 83.52), expected = 7 * 0.9 * slots;
    const double sd = std::sqrt(7 * slots * 0.9 * 0.1);
    const auto& l = limited.report;
    const int64_t held = i64(l.at("pfc").at("held_back_at_sources"));
    CHECK(held > 0);
    CHECK(static_cast<double>(i64(l.at("packets").at("injected")) + held) == Approx(expected).margin(5 * sd));
    CHECK(i64(unlimited.report.at("pfc").at("held_back_at_sources")) == 0);
    // The queues stay at the limit (plus what one quantum adds): 7 partners x 4 classes.
    const int64_t at_sources = i64(l.at("packets").at("in_flight_at_sources"));
    CHECK(at_sources <= 7 * 4 * (64 + 16));
    CHECK(i64(unlimited.report.at("packets").at("in_flight_at_sources")) > 5 * at_sources);
}
