// Replaying captures (traffic.source=pcap): the load a capture at a known rate offers, as
// captured and rescaled, once and looped; accounting on replayed traffic through the golden
// pipeline; bad input. Each run is its own cposim process.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "run_cposim.h"

namespace {

// rate.pcapng: 1000 frames of 1000 B (with FCS) every 163.2 ns from 02:00:00:01:00:03, which
// sits on port 0x020000010003 mod 4 = 3. Wire time at 100G: (1000 + 20) x 8 / 100 = 81.6 ns,
// so the capture's load is 81.6 / 163.2 = 0.5 (its timestamps are whole nanoseconds:
// 163199.199 ns for the 1000 gaps, 0.5000025).
std::string rate_run(const std::string& extra) {
    return "run " + source_path("configs/default.yaml") + " --set traffic.source=pcap --set traffic.pcap_file=" +
           source_path("tests/captures/rate.pcapng") +
           " --set switch.ports=4 --set switch.port_speed=100G --set sim.warmup_us=10 " + extra;
}

}  // namespace

TEST_CASE("replay: a capture at a known rate offers that load on its port", "[capture][replay]") {
    const CposimResult r = run_cposim(rate_run("--set sim.duration_us=160"), true);
    REQUIRE(r.exit_code == 0);
    const auto& rep = r.report;
    CHECK(rep.at("replay").at("capture_load").get<double>() == Approx(0.5).epsilon(1e-5));
    CHECK(rep.at("replay").at("ports_used") == 1);
    CHECK(rep.at("replay").at("time_scale").get<double>() == 1.0);
    // frames whose creation falls in [10, 160) us: 150 us / 163.2 ns = 919 of 920 slots
    CHECK(rep.at("ports")[3].at("offered_load").get<double>() == Approx(0.5).epsilon(0.002));
    for (int p : {0, 1, 2}) CHECK(rep.at("ports")[p].at("offered_load").get<double>() == 0.0);
    CHECK(rep.at("throughput").at("offered_load").get<double>() == Approx(0.125).epsilon(0.002));
    // one frame per 163.2 ns: first at 0, the last created before 160 us is number 981
    CHECK(rep.at("packets").at("injected") == 981);
    // to port 0x020000000005 mod 4 = 1, forwarded at the same rate
    CHECK(rep.at("ports")[1].at("accepted_load").get<double>() == Approx(0.5).epsilon(0.002));
}

TEST_CASE("replay: rescaled to a target load, and looped", "[capture][replay]") {
    // the capture's 0.5 scaled to 0.8: its timestamps x 0.625, one pass lasts 102 us
    CposimResult r = run_cposim(rate_run("--set traffic.pcap_timing=load --set traffic.load=0.8 --set sim.duration_us=100"), true);
    REQUIRE(r.exit_code == 0);
    CHECK(r.report.at("replay").at("time_scale").get<double>() == Approx(0.5 / 0.8).epsilon(1e-5));
    CHECK(r.report.at("replay").at("pass_us").get<double>() == Approx(163.2 * 0.625).epsilon(1e-4));
    CHECK(r.report.at("ports")[3].at("offered_load").get<double>() == Approx(0.8).epsilon(0.002));
    // looped: 400 us is 2.45 passes of 163.2 us, the load stays 0.5 throughout
    r = run_cposim(rate_run("--set traffic.pcap_loop=true --set sim.duration_us=400"), true);
    REQUIRE(r.exit_code == 0);
    CHECK(r.report.at("replay").at("passes") == 3);
    CHECK(r.report.at("ports")[3].at("offered_load").get<double>() == Approx(0.5).epsilon(0.002));
    CHECK(r.report.at("packets").at("injected") == 2451);  // ceil(400 us / 163.2 ns)
}

TEST_CASE("replay: accounting balances on replayed traffic through the golden pipeline", "[capture][replay]") {
    // every frame of the fuzz capture (runts, cut headers, floods, oversize) in 1.4 ms, then
    // time to drain: nothing stays in flight
    const CposimResult r = run_cposim("run " + source_path("configs/default.yaml") +
                                          " --set traffic.source=pcap --set traffic.pcap_file=" +
                                          source_path("tests/captures/fuzz.pcap") +
                                          " --set switch.ports=8 --set switch.port_speed=100G --set switch.pipeline=golden"
                                          " --set traffic.pcap_pad_short=false --set sim.duration_us=1500 --set sim.warmup_us=0",
                                      true);
    REQUIRE(r.exit_code == 0);
    const auto& p = r.report.at("packets");
    CHECK(p.at("injected") == 2000);
    CHECK(p.at("in_flight") == 0);
    CHECK(p.at("injected").get<int64_t>() + p.at("replicated").get<int64_t>() ==
          p.at("delivered").get<int64_t>() + p.at("dropped_total").get<int64_t>());
    CHECK(p.at("dropped").at("runt").get<int64_t>() > 0);
    CHECK(p.at("dropped").at("truncated_header").get<int64_t>() > 0);
    CHECK(p.at("replicated").get<int64_t>() > 0);
}

TEST_CASE("replay: bad input is exit 2 naming the key, the file and the record", "[capture][replay]") {
    CposimResult r = run_cposim("run " + source_path("configs/default.yaml") + " --set traffic.source=pcap");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("traffic.pcap_file: traffic.source=pcap needs a capture file"));
    const std::string text = write_temp_file("bad.pcap", "not a capture at all");
    r = run_cposim("run " + source_path("configs/default.yaml") + " --set traffic.source=pcap --set traffic.pcap_file=" + text);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("bad.pcap: not a pcap or pcapng capture"));
    r = run_cposim("run " + source_path("configs/default.yaml") + " --set traffic.source=pcap --set traffic.pcap_file=" +
                   source_path("tests/captures/hand.pcapng") + " --set traffic.pcap_timing=load --set traffic.load=0");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("traffic.load: traffic.pcap_timing=load needs a load above 0"));
    r = run_cposim("run " + source_path("configs/default.yaml") + " --set traffic.source=tcpreplay");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("traffic.source"));
}

TEST_CASE("replay: golden, rtl and checked pipelines decide alike on real headers", "[capture][replay]") {
    // the fuzz capture's real bytes (every encapsulation, cut and changed headers) through each
    // pipeline on the core clock: checked compares RTL and golden frame by frame, and the
    // three reports are the same in everything but the time the run took
    std::map<std::string, nlohmann::json> reports;
    for (const char* pipeline : {"golden", "rtl", "checked"}) {
        const CposimResult r = run_cposim("run " + source_path("configs/default.yaml") +
                                              " --set traffic.source=pcap --set traffic.pcap_file=" +
                                              source_path("tests/captures/fuzz.pcap") +
                                              " --set switch.ports=8 --set switch.port_speed=100G --set switch.pipeline=" +
                                              pipeline + " --set sim.duration_us=1500 --set sim.warmup_us=0",
                                          true);
        REQUIRE(r.exit_code == 0);
        reports[pipeline] = r.report;
        // what differs by how the run was made: the wall time, the pipeline's name, the RTL's clocks
        reports[pipeline].erase("sim");
        reports[pipeline].erase("parameters");
        for (auto& p : reports[pipeline].at("pipelines")) p.erase("rtl_clocks_simulated");
    }
    CHECK(reports["rtl"] == reports["golden"]);
    CHECK(reports["checked"] == reports["golden"]);
    CHECK(reports["golden"].at("packets").at("delivered").get<int64_t>() > 1000);
}
