// Optical circuit switching against theory and hand calculations: the round-robin matchings
// (every pair of leaves once), a rotor's timeline, throughput under periodic reconfiguration
// equal to line rate x T_circuit / (T_circuit + T_reconfig), Valiant two-hop routing of
// uniform traffic saturating at (L-1)/(2L-3) of that (-> 1/2) while direct routing takes all
// of it, demand-driven circuits arriving after the window, the controller and the
// reconfiguration, the link budget through the OCS by hand, and its power.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include "circuit_schedule.h"
#include "ocs_path_budget.h"
#include "run_cposim.h"

namespace {

const double payload_gbps = 800.0 * 4096 / (4096 + 62 + 20);  // a port's payload rate
constexpr double wire_ns(double bytes) { return (bytes + 20) * 8 / 800.0; }
// A message's trip leaf to leaf: 2 host fibres of 2 m, 2 spans of 10 m to and from the OCS,
// and at each of the two leaves 110 ns FEC + 200 ns pipeline + a full frame's wire time.
const double trip_ns = 2 * 2 * 4.9 + 2 * 10 * 4.9 + 2 * (110 + 200 + wire_ns(4096 + 62));

CposimResult ocs_run(const std::string& sets) {
    return run_cposim("run " + source_path("configs/default.yaml") +
                          " --set fabric.topology=ocs --set fabric.fidelity=flow --set sim.duration_us=100000 " + sets,
                      true);
}
double completion_us(const CposimResult& r) { return r.report.at("collective").at("completion_us").get<double>(); }

}  // namespace

TEST_CASE("the round-robin matchings join every pair of leaves exactly once", "[fabric][ocs]") {
    for (int leaves : {2, 5, 8, 16}) {
        const auto rounds = cposim::round_robin_rounds(leaves);
        CHECK(rounds.size() == static_cast<size_t>(leaves % 2 ? leaves : leaves - 1));
        std::set<std::pair<int, int>> pairs;
        for (const auto& partner : rounds) {
            int idle = 0;
            for (int a = 0; a < leaves; ++a) {
                const int b = partner[static_cast<size_t>(a)];
                if (b < 0) {
                    ++idle;
                    continue;
                }
                CHECK(partner[static_cast<size_t>(b)] == a);  // a matching
                if (a < b) CHECK(pairs.insert({a, b}).second);
            }
            CHECK(idle == leaves % 2);
        }
        CHECK(pairs.size() == static_cast<size_t>(leaves * (leaves - 1) / 2));
    }
}

TEST_CASE("a rotor holds each round for a circuit time, then goes dark for the reconfiguration", "[fabric][ocs]") {
    const cposim::TimePs circuit = 10'000'000, reconfig = 2'000'000;  // 10 us, 2 us
    cposim::CircuitSchedule s(4, 1, cposim::OcsSchedule::rotor, circuit, reconfig);
    const auto rounds = cposim::round_robin_rounds(4);
    for (int slot = 0; slot < 6; ++slot) {
        const cposim::TimePs start = slot * (circuit + reconfig);
        s.advance_to(start + 1);
        for (int a = 0; a < 4; ++a)
            CHECK(s.peer(0, a, start + 1) == rounds[static_cast<size_t>(slot % 3)][static_cast<size_t>(a)]);
        s.advance_to(start + circuit + 1);  // dark
        CHECK(s.peer(0, 0, start + circuit + 1) == -1);
        CHECK(s.next_change(start + circuit + 1) == start + circuit + reconfig);
    }
    CHECK(s.reconfigurations() == 6);
    // 4 directed circuits dark for 2 us in each of 6 reconfigurations (the last one running at 71 us).
    CHECK(s.dark_circuit_ps(6 * 12'000'000) == Approx(4.0 * 6 * 2'000'000));
}

TEST_CASE("periodic reconfiguration leaves line rate x T_circuit / (T_circuit + T_reconfig)", "[fabric][ocs]") {
    // Two leaves, one GPU each, one uplink: one circuit, torn down and set up again every
    // 10 us for 2 us. 8 MiB from GPU 0 to GPU 1 drains only while the circuit is up.
    const double S = 8.0 * 1024 * 1024, Tc = 10, Tr = 2;
    const auto r = ocs_run("--set fabric.leaves=2 --set fabric.hosts_per_leaf=1 --set ocs.schedule=rotor "
                           "--set ocs.circuit_us=10 --set ocs.reconfig_us=2 --set ocs.time_step_ns=10 --set workload.collective=permutation "
                           "--set workload.bytes=8MiB --set workload.gpus=2");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double per_slot = payload_gbps / 8 * 1e3 * Tc;  // bytes a slot carries (Gb/s / 8 x 1e3 = B/us)
    const double full = std::floor(S / per_slot);
    const double drain_us = full * (Tc + Tr) + (S - full * per_slot) / (payload_gbps / 8 * 1e3);
    CHECK(completion_us(r) == Approx(drain_us + trip_ns * 1e-3).margin(0.011));  // to within a step
    const double throughput = S * 8 / (drain_us * 1e3);  // Gb/s
    CHECK(throughput == Approx(payload_gbps * Tc / (Tc + Tr)).epsilon(0.02));
    CHECK(r.report.at("ocs").at("duty_cycle").get<double>() == Approx(Tc / (Tc + Tr)).epsilon(0.02));
    CHECK(r.report.at("ocs").at("bytes_lost_to_reconfig").get<double>() > 0);
}

TEST_CASE("uniform traffic over a rotor: direct takes every circuit, two-hop saturates near half", "[fabric][ocs]") {
    // 8 leaves of one GPU, one uplink: the rotor shows each leaf every other in turn. An
    // all-to-all of 1 GiB per GPU keeps every queue full (filling them takes about one cycle
    // of the rotor, ~1.5% of the run). Direct: each circuit carries its
    // own pair's bytes, all of its capacity. Two-hop (Valiant): a leaf spreads its bytes over
    // its circuit equally for all 7 destinations; 1 in 7 arrives, the rest is relayed once;
    // relays first, so first hops r and relays 6r/7 share the circuit: r = 7/13 of it,
    // (L-1)/(2L-3), tending to 1/2.
    const int L = 8;
    const double S = 1024.0 * 1024 * 1024, Tc = 20, Tr = 1;
    const std::string rotor = "--set fabric.leaves=8 --set fabric.hosts_per_leaf=1 --set ocs.schedule=rotor "
                              "--set ocs.circuit_us=20 --set ocs.reconfig_us=1 --set ocs.time_step_ns=500 "
                              "--set workload.collective=alltoall --set workload.bytes=1GiB ";
    const auto direct = ocs_run(rotor);
    const auto vlb = ocs_run(rotor + "--set ocs.routing=two_hop");
    INFO(direct.output << vlb.output);
    REQUIRE(direct.exit_code == 0);
    REQUIRE(vlb.exit_code == 0);
    const double line = payload_gbps * Tc / (Tc + Tr);  // per leaf, Gb/s
    const double sent_bits = S * (L - 1) / L * 8;       // what each GPU sends to the others
    CHECK(sent_bits / (completion_us(direct) * 1e3) == Approx(line).epsilon(0.03));
    CHECK(sent_bits / (completion_us(vlb) * 1e3) == Approx(line * (L - 1) / (2 * L - 3)).epsilon(0.03));
    CHECK(vlb.report.at("ocs").at("relayed_bytes").get<double>() > 0);
    CHECK(direct.report.at("ocs").at("relayed_bytes").get<double>() == 0);
}

TEST_CASE("demand-driven circuits come after the window, the controller and the reconfiguration", "[fabric][ocs]") {
    // 4 leaves of one GPU, one uplink; the first static round pairs leaves (3,0) and (1,2),
    // but GPU r sends 1 MiB to GPU r + 2. After the 10 us window the controller orders
    // (0,2) and (1,3) 5 us later; they are dark for 20 us, then drain the waiting bytes.
    const double S = 1024.0 * 1024;
    const auto r = ocs_run("--set fabric.leaves=4 --set fabric.hosts_per_leaf=1 --set ocs.schedule=demand "
                           "--set ocs.demand_window_us=10 --set ocs.controller_us=5 --set ocs.reconfig_us=20 "
                           "--set ocs.time_step_ns=10 --set workload.collective=shift --set workload.bytes=1MiB");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double drain_us = S * 8 / (payload_gbps * 1e3);
    CHECK(completion_us(r) == Approx(10 + 5 + 20 + drain_us + trip_ns * 1e-3).margin(0.02));
    CHECK(r.report.at("ocs").at("reconfigurations") == 1);
}

TEST_CASE("a circuit's budget through the OCS: the leaves' own margin less the OCS's loss and crosstalk, by hand", "[fabric][ocs]") {
    // 4 leaves with 3 uplinks each on 3 OCS: the 3 matchings join every pair. The leaves'
    // margin over 20 m of fibre, from a single-switch run of the same optics on a 20 m link;
    // less 2 dB insertion loss (2.9 dB at 3 sigma of 0.3 dB) and the PAM4 crosstalk penalty
    // -10 log10(1 - 2 sqrt(10^-5 x 10^0.9)).
    const std::string mesh = "--set fabric.leaves=4 --set fabric.hosts_per_leaf=3 --set workload.bytes=1MiB ";
    const auto r = ocs_run(mesh);
    const auto single = run_cposim("run " + source_path("configs/default.yaml") + " --set link.length=20m --set sim.duration_us=20", true);
    INFO(r.output << single.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(single.exit_code == 0);
    const double base = single.report.at("phy").at("link_budget_margin_db").get<double>();
    const double crosstalk = -10 * std::log10(1 - 2 * std::sqrt(1e-5 * std::pow(10.0, 0.9)));
    const auto& link = r.report.at("ocs").at("link");
    CHECK(link.at("margin_without_ocs_db").get<double>() == Approx(base));
    CHECK(link.at("crosstalk_penalty_db").get<double>() == Approx(crosstalk));
    CHECK(link.at("margin_db").get<double>() == Approx(base - 2.0 - crosstalk));
    CHECK(link.at("worst_margin_db").get<double>() == Approx(base - 2.9 - crosstalk));
    CHECK(link.at("worst_pre_fec_ber").get<double>() > link.at("pre_fec_ber").get<double>());
    CHECK(cposim::crosstalk_penalty_db(-10, cposim::Modulation::pam4) == Approx(INFINITY));  // the eye closes
    // Three OCS of 136 ports at ~108 W each (Palomar): 3 x 136 x 108/136 W.
    CHECK(r.report.at("ocs").at("power_w").get<double>() == Approx(324.0));
    CHECK(r.report.at("collective").at("complete") == true);
    CHECK(r.report.at("ocs").at("reconfigurations") == 0);
    CHECK(r.report.at("ocs").at("duty_cycle") == 1.0);
    const auto lossy = ocs_run(mesh + "--set ocs.insertion_loss_db=12");
    REQUIRE(lossy.exit_code == 0);
    CHECK(lossy.report.at("ocs").at("link").at("closes") == false);
    CHECK_THAT(lossy.output, Catch::Contains("LINK DOES NOT CLOSE"));
}

TEST_CASE("bad OCS input is refused naming the key", "[fabric][ocs]") {
    const auto packet = run_cposim("run " + source_path("configs/default.yaml") + " --set fabric.topology=ocs");
    CHECK(packet.exit_code == 2);
    CHECK_THAT(packet.output, Catch::Contains("fabric.fidelity: a fabric with OCS (fabric.topology=ocs)"));
    const auto small = ocs_run("--set fabric.leaves=32 --set ocs.ports=16");
    CHECK(small.exit_code == 2);
    CHECK_THAT(small.output, Catch::Contains("ocs.ports: each of the"));
    const auto partial = ocs_run("--set fabric.leaves=4 --set fabric.hosts_per_leaf=2");
    CHECK(partial.exit_code == 2);
    CHECK_THAT(partial.output, Catch::Contains("ocs.routing: leaf0 and leaf1 are joined by no circuit in the static schedule"));
    // Two hops over the same static circuits: 0-3-1 joins them (3 rounds, planes on rounds 0 and 1).
    const auto relayed = ocs_run("--set fabric.leaves=4 --set fabric.hosts_per_leaf=2 --set ocs.routing=two_hop "
                                 "--set workload.bytes=1MiB");
    INFO(relayed.output);
    CHECK(relayed.exit_code == 0);
    CHECK(relayed.report.at("collective").at("complete") == true);
}

TEST_CASE("hybrid: what the circuit cannot carry takes the electrical spine, worked by hand", "[fabric][ocs]") {
    // 2 leaves of 2 GPUs, each leaf with 1 uplink to an electrical spine and 1 to an OCS
    // whose circuit is up 10 us, dark 2 us. GPU r sends 4 MiB to GPU r + 2: 8 MiB each way
    // between the leaves, at 2 line rates while the circuit is up and 1 while it is dark.
    const double S = 8.0 * 1024 * 1024, Tc = 10, Tr = 2;
    const std::string pod = "--set fabric.leaves=2 --set fabric.hosts_per_leaf=2 --set fabric.oversubscription=2 "
                            "--set ocs.schedule=rotor --set ocs.circuit_us=10 --set ocs.reconfig_us=2 "
                            "--set ocs.time_step_ns=10 --set workload.collective=shift --set workload.bytes=4MiB ";
    const auto hybrid = ocs_run(pod + "--set fabric.topology=hybrid --set fabric.spines=1");
    INFO(hybrid.output);
    REQUIRE(hybrid.exit_code == 0);
    const double line = payload_gbps / 8 * 1e3;  // B/us
    const double per_period = line * (2 * Tc + Tr);
    const double full = std::floor(S / per_period);
    double rest = S - full * per_period, drain_us = full * (Tc + Tr);
    drain_us += rest <= 2 * line * Tc ? rest / (2 * line) : Tc + (rest - 2 * line * Tc) / line;
    // The last bytes come through the spine or the circuit; the spine adds its latency.
    const double spine_ns = 110 + 200 + wire_ns(4096 + 62);
    const double t = completion_us(hybrid);
    CHECK((t == Approx(drain_us + trip_ns * 1e-3).margin(0.011) || t == Approx(drain_us + (trip_ns + spine_ns) * 1e-3).margin(0.011)));
    const auto& o = hybrid.report.at("ocs");
    CHECK(o.at("electrical_bytes").get<double>() + o.at("circuit_bytes").get<double>() == Approx(2 * S));
    CHECK(o.at("electrical_bytes").get<double>() == Approx(line * drain_us * 2).epsilon(0.02));  // the spine busy throughout
    CHECK(hybrid.report.at("fabric").at("switches") == 4);  // 2 leaves, a spine, an OCS
}
