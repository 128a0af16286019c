// Whole fabric runs against theory and hand calculations: a ring all-reduce's time step by
// step, its bus bandwidth approaching the link's payload rate, an incast's N S / B, ECMP's
// share of used uplinks 1-(1-1/n)^n, round-robin spraying's full throughput, results that
// do not depend on the quantum, and bad fabric input refused naming the key. Each run is its
// own cposim process.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "run_cposim.h"

namespace {

// 800G ports, 250 pipeline cycles at 1.25 GHz (200 ns), 110 ns FEC latency, 2 m host and
// 10 m spine fibres at 4.9 ns/m: configs/default.yaml and the fabric defaults.
constexpr double wire_ns(double bytes) { return (bytes + 20) * 8 / 800.0; }
constexpr double frame_ns = wire_ns(4096 + 62);   // a full RoCE frame: 41.78 ns
constexpr double switch_ns = 110 + 200;           // FEC latency + pipeline, per switch
constexpr double host_fibre_ns = 2 * 4.9, spine_fibre_ns = 10 * 4.9;
const double payload_gbps = 800.0 * 4096 / (4096 + 62 + 20);  // the link's payload rate

CposimResult fabric_run(const std::string& sets) {
    return run_cposim("run " + source_path("configs/default.yaml") + " --set sim.duration_us=5000 " + sets, true);
}

// The same run at the default quantum (the switches' windows as long as they may be) and
// at 2.5 ns; the given report sections must be equal.
std::pair<CposimResult, CposimResult> at_default_and_short_quantum(const std::string& run,
                                                                  std::initializer_list<const char*> same) {
    auto a = fabric_run(run);
    auto b = fabric_run(run + "--set sim.quantum_ns=2.5");
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    for (const char* key : same) {
        CAPTURE(key);
        CHECK(a.report.at(key) == b.report.at(key));
    }
    return {std::move(a), std::move(b)};
}

double number(const nlohmann::json& j, const std::string& a, const std::string& b) { return j.at(a).at(b).get<double>(); }

}  // namespace

TEST_CASE("ring all-reduce takes 2(N-1) steps of a chunk's frames plus one trip", "[fabric][run]") {
    // Rail fabric of 8 rails and one server: every ring neighbour is leaf - spine - leaf
    // away, so each step is the same: the chunk's frames back to back, then the last
    // frame's trip over 4 fibres and 3 switches (store and forward: its wire time at each).
    const int n = 8, frames = 16;
    const double S = n * frames * 4096.0;
    const auto r = fabric_run("--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                              "--set workload.collective=ring_allreduce --set workload.bytes=" + std::to_string(S));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double trip = 2 * host_fibre_ns + 2 * spine_fibre_ns + 3 * (switch_ns + frame_ns);
    const double step = frames * frame_ns + trip;
    // A GPU acknowledges each message it received (a 64 B ACK, ahead of data) on the link its
    // next step's chunk takes: every step but the last waits for one.
    const double ack = wire_ns(64);
    CHECK(number(r.report, "collective", "completion_us") * 1e3 ==
          Approx(2 * (n - 1) * step + (2 * (n - 1) - 1) * ack).epsilon(1e-6));
    CHECK(r.report.at("packets").at("dropped_total") == 0);
    CHECK(r.report.at("transport").at("data_frames") == 2 * (n - 1) * n * frames);
    CHECK(r.report.at("transport").at("acks_sent") == 2 * (n - 1) * n);
    CHECK(r.report.at("transport").at("retransmitted_frames") == 0);
}

TEST_CASE("ring all-reduce's bus bandwidth approaches the link's payload rate for large messages", "[fabric][run]") {
    // busbw = S / t x 2(n-1)/n; with t = 2(n-1) (a + S/(n B)) it is B S / (S + n a B): within
    // 2% of B for 8 MiB chunks (a ~ 1.2 us, S/(n B) ~ 86 us).
    const auto r = fabric_run("--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                              "--set workload.collective=ring_allreduce --set workload.bytes=67108864");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double busbw = number(r.report, "collective", "busbw_gbps");
    CHECK(busbw > 0.98 * payload_gbps);
    CHECK(busbw < payload_gbps);
    CHECK(number(r.report, "collective", "algbw_gbps") * 2 * 7 / 8 == Approx(busbw));
}

TEST_CASE("an incast of N senders completes in N S / B after the first frame's trip", "[fabric][run]") {
    // 7 senders (3 on the receiver's leaf, 4 behind the spines) to host 0: its leaf port is
    // the bottleneck, busy from the first local frame's admission to the last frame.
    const int frames = 16, senders = 7;
    const auto r = fabric_run("--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=4 "
                              "--set workload.collective=incast --set workload.bytes=" + std::to_string(frames * 4096));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double first_admitted = host_fibre_ns + switch_ns + frame_ns;
    CHECK(number(r.report, "collective", "completion_us") * 1e3 ==
          Approx(first_admitted + senders * frames * frame_ns + host_fibre_ns).epsilon(1e-6));
}

TEST_CASE("broadcast and reduce pipeline their chunks: (K + n - 2) chunk times and n - 1 trips", "[fabric][run]") {
    // The chain 0 -> 1 -> ... -> 7 (reduce: the other way) on the rail fabric of the ring
    // test, every hop leaf - spine - leaf. K chunks of f frames: the first rank sends them
    // back to back, each other rank forwards a chunk as soon as its last frame is in, while
    // the next is still coming, so the last rank has the last chunk after (K + n - 2) chunk
    // times and n - 1 trips (in one chunk: n - 1 times S/B and a trip). A rank's ACKs go
    // ahead of its chunks on the link it forwards on: at most one per chunk for each of the
    // n - 2 forwarding ranks.
    const int n = 8, K = 8, f = 16;
    const double S = K * f * 4096.0;
    const double trip = 2 * host_fibre_ns + 2 * spine_fibre_ns + 3 * (switch_ns + frame_ns);
    const double pipelined = (K + n - 2) * f * frame_ns + (n - 1) * trip;
    for (const char* name : {"broadcast", "reduce"}) {
        CAPTURE(name);
        const auto r = fabric_run("--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                                  "--set workload.tree_chunks=8 --set workload.collective=" + std::string(name) +
                                  " --set workload.bytes=" + std::to_string(S));
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        const double t = number(r.report, "collective", "completion_us") * 1e3;
        CHECK(t >= pipelined - 1e-6);
        CHECK(t <= pipelined + (n - 2) * K * wire_ns(64));
        CHECK(r.report.at("transport").at("data_frames") == (n - 1) * K * f);
        CHECK(number(r.report, "collective", "busbw_gbps") == Approx(S * 8 / t));  // factor 1: busbw = algbw
        CHECK(r.report.at("packets").at("dropped_total") == 0);
    }
}

TEST_CASE("gather is an incast of S/n, and scatter sends (n-1) S/n from one link", "[fabric][run]") {
    // Two leaves of 4 hosts, rank 0 the root. Gather: the incast test's N S / B with S/n
    // from each of 7 senders. Scatter: the root's NIC sends the 7 messages' frames back to
    // back (in turn), the last to a GPU behind the spines.
    const int n = 8, f = 16;
    const double S = n * f * 4096.0;
    const std::string fabric = "--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=4 ";
    const auto gather = fabric_run(fabric + "--set workload.collective=gather --set workload.bytes=" + std::to_string(S));
    const auto scatter = fabric_run(fabric + "--set workload.collective=scatter --set workload.bytes=" + std::to_string(S));
    INFO(gather.output << scatter.output);
    REQUIRE(gather.exit_code == 0);
    REQUIRE(scatter.exit_code == 0);
    const double first_admitted = host_fibre_ns + switch_ns + frame_ns;
    CHECK(number(gather.report, "collective", "completion_us") * 1e3 ==
          Approx(first_admitted + (n - 1) * f * frame_ns + host_fibre_ns).epsilon(1e-6));
    const double across = 2 * host_fibre_ns + 2 * spine_fibre_ns + 3 * (switch_ns + frame_ns);
    CHECK(number(scatter.report, "collective", "completion_us") * 1e3 ==
          Approx((n - 1) * f * frame_ns + across).epsilon(1e-6));
    for (const auto* r : {&gather, &scatter})
        CHECK(number(r->report, "collective", "busbw_gbps") ==
              Approx(number(r->report, "collective", "algbw_gbps") * (n - 1) / n));
}

TEST_CASE("a barrier takes ceil(log2 n) one-frame trips and reports no bandwidth", "[fabric][run]") {
    // Dissemination over 8 GPUs on the rail fabric: 3 steps, each a one-byte message (a
    // 64 B frame) over leaf - spine - leaf, sent when the step before has delivered; each
    // step but the last waits behind one ACK, as the ring's steps do.
    const auto r = fabric_run("--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                              "--set workload.collective=barrier");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double step = wire_ns(64) + 2 * host_fibre_ns + 2 * spine_fibre_ns + 3 * (switch_ns + wire_ns(64));
    CHECK(number(r.report, "collective", "completion_us") * 1e3 == Approx(3 * step + 2 * wire_ns(64)).epsilon(1e-6));
    CHECK(r.report.at("collective").at("algbw_gbps").is_null());
    CHECK(r.report.at("collective").at("busbw_gbps").is_null());
    CHECK(r.report.at("transport").at("data_frames") == 8 * 3);
    CHECK_THAT(r.output, Catch::Contains("barrier over 8"));
}

TEST_CASE("ECMP puts n flows on 1-(1-1/n)^n of n uplinks on average", "[fabric][run]") {
    // Two leaves of 8 hosts, 8 spines; every host sends to its counterpart on the other leaf
    // (shift): 8 flows over a leaf's 8 uplinks, hashed with each switch's own seed. The
    // number of bins 8 balls leave empty has variance 0.79, so the mean of 2 x 40 leaves'
    // shares has a standard deviation of 0.0125: 0.045 is 3.6 of them.
    const int seeds = 40;
    double sum = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
        const auto r = fabric_run("--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
                                  "--set workload.collective=shift --set workload.bytes=16384 --seed " + std::to_string(seed));
        REQUIRE(r.exit_code == 0);
        sum += r.report.at("fabric").at("uplink_utilisation").at("fraction_carrying_traffic").get<double>();
    }
    CHECK(sum / seeds == Approx(1 - std::pow(1 - 1.0 / 8, 8)).margin(0.045));
}

TEST_CASE("round-robin spraying carries a permutation at full rate where ECMP collides", "[fabric][run]") {
    const std::string shift = "--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
                              "--set workload.collective=shift --set workload.bytes=1048576 ";
    const auto spray = fabric_run(shift + "--set fabric.load_balancing=spray_rr");
    const auto ecmp = fabric_run(shift + "--set fabric.load_balancing=ecmp");
    REQUIRE(spray.exit_code == 0);
    REQUIRE(ecmp.exit_code == 0);
    // Spraying: every uplink carries an eighth of each leaf's packets, the flows run at the
    // payload rate (1 MiB takes 10.7 us; the trip adds ~1.2 us).
    CHECK(number(spray.report, "collective", "algbw_gbps") > 0.88 * payload_gbps);
    CHECK(spray.report.at("fabric").at("uplink_utilisation").at("fraction_carrying_traffic") == 1.0);
    // ECMP: two flows hashed onto one uplink (all 8 on distinct ones has probability 8!/8^8
    // = 0.0024) share it, and the last flow takes about twice as long.
    CHECK(number(ecmp.report, "collective", "algbw_gbps") < 0.55 * payload_gbps);
}

TEST_CASE("a fabric run's results do not depend on the quantum", "[fabric][run]") {
    const std::string run = "--set fabric.topology=fat_tree --set fabric.k=4 --set workload.collective=alltoall "
                            "--set workload.bytes=262144 --set fabric.load_balancing=adaptive ";
    // What happened is the same (the mean power differs a little: the run ends two quanta
    // after the collective's last ACK, on the quantum's grid).
    const auto [a, b] = at_default_and_short_quantum(
        run, {"collective", "flows", "packets", "transport", "hosts", "pfc", "throughput"});
    CHECK(number(a.report, "sim", "quantum_ns") > 10);
    CHECK(number(b.report, "sim", "quantum_ns") == 2.5);
    // Without PFC a switch's windows reach past its links' delay to the admission of what
    // arrives: fibre + a 64 B frame + FEC (110 ns) + pipeline (200 ns).
    CHECK(number(a.report, "sim", "longest_switch_quantum_ns") > switch_ns);
    CHECK(a.report.at("fabric").at("uplink_utilisation") == b.report.at("fabric").at("uplink_utilisation"));
    CHECK(a.report.at("fabric").at("switches") == 20);
    CHECK(a.report.at("fabric").at("hosts") == 16);
}

TEST_CASE("go-back-N over lossy links gives the same results whatever the quantum", "[fabric][run][transport]") {
    // The NAKs and ACKs of lost frames act at their arrival, not when a switch running in
    // longer windows hands them to the NIC: the same losses, resends and completion.
    const std::string run = "--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=4 "
                            "--set workload.collective=ring_allreduce --set workload.bytes=8MiB --set phy.ber=1e-3 ";
    const auto [a, b] = at_default_and_short_quantum(run, {"collective", "flows", "packets", "transport", "hosts"});
    REQUIRE(a.report.at("transport").at("naks_sent").get<int64_t>() > 0);
}

TEST_CASE("PFC pauses and NVLink steps give the same results whatever the quantum", "[fabric][run][pfc]") {
    // A paused NIC resumes when the resume frame arrives, not at its next window; deliveries
    // over NVLink and over the network reach the workload in time order, so a tree step
    // released by both starts at the later one; frames that arrive after the run stopped are
    // in flight, not delivered.
    const auto [a, b] = at_default_and_short_quantum(
        "--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
        "--set workload.collective=incast --set workload.bytes=4MiB --set switch.buffer_bytes=8MB "
        "--set pfc.lossless_classes=0 --set pfc.enabled=true ",
        {"collective", "flows", "packets", "transport", "hosts", "pfc"});
    CHECK(a.report.at("hosts").at("pause_frames_received").get<int64_t>() > 0);
    at_default_and_short_quantum("--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
                                 "--set host.gpus_per_server=4 --set workload.collective=double_binary_tree "
                                 "--set workload.bytes=256KiB ",
                                 {"collective", "flows", "packets", "transport", "hosts"});
}

TEST_CASE("bad fabric input is refused naming the key", "[fabric][run]") {
    for (const auto& [sets, message] : std::vector<std::pair<std::string, std::string>>{
             {"--set fabric.topology=fat_tree --set fabric.k=5", "fabric.k: a fat-tree's radix must be even"},
             {"--set fabric.topology=leaf_spine --set workload.collective=halving_doubling --set workload.gpus=12",
              "workload.gpus: halving_doubling needs a power of two GPUs, not 12"},
             {"--set fabric.topology=leaf_spine --set workload.gpus=64", "workload.gpus: 64 GPUs, but the fabric has 32 hosts"},
             {"--set fabric.topology=leaf_spine --set workload.bytes=16", "workload.bytes: 16 B over 32 GPUs leaves less than a byte"},
             {"--set fabric.topology=leaf_spine --set switch.pipeline=golden", "switch.pipeline of leaf0"},
             {"--set fabric.topology=leaf_spine --set spine*:switch.port_speed=400G",
              "share a link; set the same speed for both tiers"}}) {
        const auto r = run_cposim("run " + source_path("configs/default.yaml") + " " + sets);
        CAPTURE(sets);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(message));
    }
}

TEST_CASE("with PFC an incast through a small buffer is lossless and still takes N S / B", "[fabric][run][pfc]") {
    // 15 senders of 4 MiB to host 0 through 8 MB switches: without PFC the dynamic threshold
    // drops frames and go-back-N recovers them, slowly; with PFC on class 0 the leaves pause
    // the spines and the NICs, nothing is dropped, and the bottleneck port never idles: the
    // completion time is the same hand calculation as without congestion.
    const int frames = 1024, senders = 15;
    const std::string incast = "--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
                               "--set workload.collective=incast --set workload.bytes=4MiB --set switch.buffer_bytes=8MB "
                               "--set pfc.lossless_classes=0 ";
    const auto lossy = fabric_run(incast + "--set pfc.enabled=false --set sim.duration_us=30000");
    const auto lossless = fabric_run(incast + "--set pfc.enabled=true");
    INFO(lossless.output);
    REQUIRE(lossy.exit_code == 0);
    REQUIRE(lossless.exit_code == 0);
    CHECK(lossy.report.at("packets").at("dropped_total").get<int64_t>() > 0);
    CHECK(lossy.report.at("transport").at("retransmitted_frames").get<int64_t>() > 0);
    CHECK(number(lossy.report, "collective", "completion_us") > 1.5 * number(lossless.report, "collective", "completion_us"));
    CHECK(lossless.report.at("packets").at("dropped_total") == 0);
    CHECK(lossless.report.at("pfc").at("pause_frames_sent").get<int64_t>() > 0);
    CHECK(lossless.report.at("hosts").at("pause_frames_received").get<int64_t>() > 0);
    const double first_admitted = host_fibre_ns + switch_ns + frame_ns;
    CHECK(number(lossless.report, "collective", "completion_us") * 1e3 ==
          Approx(first_admitted + senders * frames * frame_ns + host_fibre_ns).epsilon(1e-6));
}

namespace {

// The PFC headroom of one lossless group on a link of `metres` at 800G, by the IEEE 802.1Qbb
// method (docs/fabric.md): two largest frames (9216 B + 20), a pause frame (64 + 20), the
// fibre's round trip at line rate, and the 800G response time (394 + 700 x 511 / 300
// quanta of 64 B, interpolated between 802.3 Annex 31B's 100G and 400G values).
double headroom_bytes(double metres) {
    return 2 * (9216 + 20) + 84 + 2 * metres * 4.9e-9 * 800e9 / 8 + (394 + 700 * 511.0 / 300) * 64;
}

}  // namespace

TEST_CASE("a lossless link stays lossless up to the distance its headroom pool covers", "[fabric][run][pfc]") {
    // The worst case for headroom: a lossless class that cannot drain. GPU 1 sends class 1
    // (higher strict priority, lossy) to GPU 0 at line rate while GPU 2 sends class 0
    // (lossless) from the other leaf over L km of fibre through the spine: leaf 0's class 0
    // to GPU 0 stands still, its uplink group pauses the spine, whose group pauses leaf 1;
    // what each pause finds on the fibre lands in the 29.4 MB headroom pool (Tomahawk 5).
    // The pool covers links up to L* where the headroom reaches it: 29.88 km.
    const double pool = 29.4e6;
    const double limit_m = (pool - headroom_bytes(0)) / (headroom_bytes(1) - headroom_bytes(0));
    CHECK(limit_m == Approx(29877).margin(1));
    auto run = [&](double metres) {
        return fabric_run("--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=2 "
                          "--set fabric.oversubscription=2 --set fabric.spine_link_length=" + std::to_string(metres) +
                          " --set workload.collective=incast --set workload.gpus=3 --set workload.bytes=64MiB "
                          "--set pfc.enabled=true --set pfc.lossless_classes=0 --set pfc.headroom_pool_bytes=29.4MB "
                          "--set hosts.gpu1:host.traffic_class=1 --set phy.ber=0 --set host.mtu_bytes=4034");
        // phy.ber=0: buffers, not reach (the CPO engines' 0.5 dB/km budget does not close over
        // 30 km). 4034 B of payload make 4096 B frames, 16 whole 256 B cells: the headroom
        // formula counts bytes, the buffer cells (a 4158 B frame would hold 17 cells, 4.7% more).
    };
    const auto inside = run(0.98 * limit_m);
    const auto outside = run(1.02 * limit_m);
    INFO(inside.output);
    INFO(outside.output);
    REQUIRE(inside.exit_code == 0);
    REQUIRE(outside.exit_code == 0);
    CHECK(inside.report.at("packets").at("dropped_total") == 0);
    CHECK(inside.report.at("collective").at("complete") == true);
    CHECK(outside.report.at("packets").at("dropped").at("pfc_headroom_overflow").get<int64_t>() > 0);
    CHECK(outside.report.at("transport").at("retransmitted_frames").get<int64_t>() > 0);
}

TEST_CASE("cposim sweep and compare take fabric runs: their columns and charts", "[fabric][run][app]") {
    const std::string out = temp_path("fabric_sweep");
    const auto sweep = run_shell(cposim_command(
        "sweep " + source_path("configs/default.yaml") + " --set fabric.topology=leaf_spine --set workload.bytes=256KiB " +
        "--vary fabric.load_balancing=ecmp,spray_rr --jobs 1 --out " + out));
    INFO(sweep.output);
    REQUIRE(sweep.exit_code == 0);
    std::ifstream csv(out + "/results.csv");
    std::string header, line;
    std::getline(csv, header);
    CHECK_THAT(header, Catch::Contains("collective.busbw_gbps") && Catch::Contains("fabric.uplink_utilisation.max"));
    int ok = 0;
    while (std::getline(csv, line)) ok += line.find(",ok,") != std::string::npos;
    CHECK(ok == 2);
    CHECK(std::ifstream(out + "/plots/completion.png").good());
    CHECK(std::ifstream(out + "/plots/uplinks.png").good());

    const auto compare = run_shell(cposim_command(
        "compare " + source_path("configs/ai-pod-128-cpo.yaml") + " " + source_path("configs/ai-pod-128-pluggable.yaml") +
        " --set workload.bytes=1MiB --out " + out + "/compare"));
    INFO(compare.output);
    REQUIRE(compare.exit_code == 0);
    CHECK_THAT(compare.output, Catch::Contains("busbw (Gb/s)") && Catch::Contains("energy per collective (J)"));
    CHECK(std::ifstream(out + "/compare/power_breakdown.png").good());
    std::system(("rm -rf " + out).c_str());
}

TEST_CASE("go-back-N delivers every message whole and in order over lossy links", "[fabric][run][transport]") {
    // A ring all-reduce over links that lose frames (pre-FEC BER 1e-3 on every switch PHY:
    // about 1 frame in 270 has an RS(544,514) codeword beyond repair). Every message arrives whole, in order, once: the payload the GPUs
    // took is exactly what the collective sends; every frame sent is a data frame, a resent
    // one, a probe or an acknowledgement; each lost data frame was sent again.
    const auto r = fabric_run("--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=4 "
                              "--set workload.collective=ring_allreduce --set workload.bytes=8MiB --set phy.ber=1e-3");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto& t = r.report.at("transport");
    const int64_t lost = r.report.at("packets").at("dropped_total").get<int64_t>();
    REQUIRE(lost > 0);
    CHECK(r.report.at("collective").at("complete") == true);
    CHECK(r.report.at("hosts").at("payload_bytes_delivered").get<double>() == 2 * 7 * 8 * (8 * 1048576.0 / 8));
    CHECK(r.report.at("packets").at("injected").get<int64_t>() ==
          t.at("data_frames").get<int64_t>() + t.at("timeout_probes").get<int64_t>() + t.at("acks_sent").get<int64_t>() +
              t.at("naks_sent").get<int64_t>());
    CHECK(t.at("retransmitted_frames").get<int64_t>() + t.at("timeout_probes").get<int64_t>() > 0);
    CHECK(t.at("out_of_order_discarded").get<int64_t>() > 0);
}

TEST_CASE("uniform traffic saturates an oversubscribed leaf-spine at L/(L-1) over the oversubscription", "[fabric][run]") {
    // 4 leaves of 8 GPUs, 4 uplinks each (oversubscription 2); every GPU sends 128 messages of
    // 64 KiB to random other GPUs, with packet spraying. 3/4 of a GPU's bytes leave its leaf,
    // so the uplinks saturate when a GPU sends x = (1/2) x 4/3 = 2/3 of the payload rate.
    // Random destinations load the leaves unevenly (a few %), and the last messages trail.
    // Spraying reorders a message's frames: the NICs place them by sequence number.
    const auto r = fabric_run("--set fabric.topology=leaf_spine --set fabric.leaves=4 --set fabric.hosts_per_leaf=8 "
                              "--set fabric.oversubscription=2 --set fabric.load_balancing=spray_rr "
                              "--set workload.collective=uniform --set workload.messages=128 --set workload.bytes=64KiB "
                              "--set host.delivery=out_of_order");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double saturation = 0.5 * 4.0 / 3.0 * payload_gbps;
    const double per_gpu = number(r.report, "collective", "algbw_gbps");  // 128 x 64 KiB over the time
    CHECK(per_gpu > 0.9 * saturation);
    CHECK(per_gpu < 1.0 * saturation);
    CHECK(r.report.at("fabric").at("uplink_utilisation").at("mean").get<double>() > 0.95);
    CHECK(r.report.at("transport").at("out_of_order_discarded") == 0);
    // RoCE's in-order receivers discard what spraying reorders, and go-back-N resends it.
    const auto in_order = fabric_run("--set fabric.topology=leaf_spine --set fabric.leaves=4 --set fabric.hosts_per_leaf=8 "
                                     "--set fabric.oversubscription=2 --set fabric.load_balancing=spray_rr "
                                     "--set workload.collective=uniform --set workload.messages=128 --set workload.bytes=64KiB");
    REQUIRE(in_order.exit_code == 0);
    CHECK(in_order.report.at("transport").at("out_of_order_discarded").get<int64_t>() > 0);
    CHECK(in_order.report.at("transport").at("retransmitted_frames").get<int64_t>() > 0);
    CHECK(number(in_order.report, "collective", "algbw_gbps") < per_gpu);
}

TEST_CASE("compute between steps, stragglers and several jobs change completion as worked by hand", "[fabric][run]") {
    // The uncontended ring of the first test. A compute of c before each of the 2(n-1)
    // steps adds 2(n-1) c (the ACKs now leave during the compute, not ahead of a chunk). One
    // straggler computing d longer at each step delays every dependency chain that passes
    // it; a chain of 2(n-1) steps around n GPUs passes it twice: + 2 d.
    const int n = 8, frames = 16;
    const std::string ring = "--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                             "--set workload.bytes=" + std::to_string(n * frames * 4096) + " ";
    const double trip = 2 * host_fibre_ns + 2 * spine_fibre_ns + 3 * (switch_ns + frame_ns);
    const double step = frames * frame_ns + trip;
    const auto base = fabric_run(ring);
    const auto compute = fabric_run(ring + "--set workload.compute_us=1");
    const auto straggler = fabric_run(ring + "--set workload.stragglers=1 --set workload.straggler_us=5");
    const auto flow_straggler = fabric_run(ring + "--set workload.stragglers=1 --set workload.straggler_us=5 --set fabric.fidelity=flow");
    REQUIRE(base.exit_code == 0);
    REQUIRE(compute.exit_code == 0);
    REQUIRE(straggler.exit_code == 0);
    REQUIRE(flow_straggler.exit_code == 0);
    auto t_ns = [](const CposimResult& r) { return number(r.report, "collective", "completion_us") * 1e3; };
    CHECK(t_ns(compute) == Approx(2 * (n - 1) * (step + 1000)).epsilon(1e-6));
    CHECK(t_ns(straggler) - t_ns(base) == Approx(2 * 5000).margin(2));
    CHECK(t_ns(flow_straggler) == Approx(2 * (n - 1) * step + 2 * 5000).epsilon(1e-6));

    // Two jobs of 8 GPUs, one per leaf of a non-blocking leaf-spine: they share no link, so
    // each completes as one 8-GPU job alone.
    const std::string pod = "--set fabric.topology=leaf_spine --set fabric.leaves=2 --set fabric.hosts_per_leaf=8 "
                            "--set workload.bytes=1MiB ";
    const auto two = fabric_run(pod + "--set workload.jobs=2");
    const auto one = fabric_run(pod + "--set workload.gpus=8");
    REQUIRE(two.exit_code == 0);
    REQUIRE(one.exit_code == 0);
    const auto& jobs = two.report.at("collective").at("jobs");
    REQUIRE(jobs.size() == 2);
    for (const auto& j : jobs) CHECK(j.at("completion_us").get<double>() == Approx(number(one.report, "collective", "completion_us")));
    CHECK(two.report.at("collective").at("gpus_per_job") == 8);
    const auto bad = run_cposim("run " + source_path("configs/default.yaml") + " --set fabric.topology=leaf_spine --set workload.jobs=3");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("workload.jobs: 3 jobs do not split 32 GPUs"));
}

TEST_CASE("hierarchical all-reduce: NVLink inside the servers, one rail switch across, worked by hand", "[fabric][run]") {
    // 2 servers of 8 GPUs on a rail fabric (GPU r of each server on rail leaf r). Inside a
    // server: a ring reduce-scatter and, at the end, a ring all-gather, 7 NVLink steps each of
    // S/8 at 3.6 Tb/s plus 1 us; across: a ring all-reduce between the two GPUs of each rail,
    // 2 steps of S/16 (4 frames) through their rail leaf (2 host fibres and one switch), the
    // second after the ACK of the first message (0.84 ns). No traffic leaves the rails.
    const double S = 262144;
    const auto r = fabric_run("--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=2 "
                              "--set host.gpus_per_server=8 --set workload.collective=hierarchical_allreduce "
                              "--set workload.bytes=262144");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double nvlink_step = S / 8 * 8 / 3600 + 1000;
    const double rail_step = 4 * frame_ns + 2 * host_fibre_ns + switch_ns + frame_ns;
    CHECK(number(r.report, "collective", "completion_us") * 1e3 ==
          Approx(2 * 7 * nvlink_step + 2 * rail_step + wire_ns(64)).epsilon(1e-6));
    CHECK(r.report.at("hosts").at("nvlink_bytes").get<double>() == 16 * 2 * 7 * S / 8);
    CHECK(r.report.at("fabric").at("uplink_utilisation").at("fraction_carrying_traffic") == 0.0);
    CHECK(number(r.report, "collective", "bus_factor") == Approx(2.0 * 15 / 16));
    const auto bad = run_cposim("run " + source_path("configs/default.yaml") +
                                " --set fabric.topology=leaf_spine --set workload.collective=hierarchical_allreduce");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("host.gpus_per_server: hierarchical_allreduce needs servers of at least 2 GPUs"));
}

TEST_CASE("a small all-reduce over many GPUs: the trees' 2 log2 n steps beat the ring's 2(n-1)", "[fabric][run]") {
    // 64 GPUs, 64 KiB: latency-bound. A ring takes 126 dependent steps, the double binary
    // tree about 2 log2 64 = 12 levels (8 pipelined chunks on top).
    const std::string pod = "--set fabric.topology=leaf_spine --set fabric.leaves=4 --set fabric.hosts_per_leaf=16 "
                            "--set workload.bytes=64KiB ";
    const auto ring = fabric_run(pod + "--set workload.collective=ring_allreduce");
    const auto trees = fabric_run(pod + "--set workload.collective=double_binary_tree");
    REQUIRE(ring.exit_code == 0);
    REQUIRE(trees.exit_code == 0);
    CHECK(number(trees.report, "collective", "completion_us") < 0.25 * number(ring.report, "collective", "completion_us"));
    CHECK(trees.report.at("packets").at("dropped_total") == 0);
}

TEST_CASE("multi-plane: P planes stripe each message, a ring step's frames P-fold fewer, worked by hand", "[fabric][run][planes]") {
    // The uncontended ring of the first test on 4 planes: each GPU has a port on every plane
    // and each chunk of 16 frames goes as 4 parts of 4 frames, one per plane, side by side.
    const int n = 8, planes = 4, frames = 16 / planes;
    const std::string ring = "--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 "
                             "--set fabric.planes=4 --set workload.bytes=" + std::to_string(n * 16 * 4096) + " ";
    const auto r = fabric_run(ring);
    const auto flow = fabric_run(ring + "--set fabric.fidelity=flow");
    const auto mixed = fabric_run(ring + "--set *_p1:optics.packaging=pluggable");
    INFO(r.output << flow.output << mixed.output);
    REQUIRE(r.exit_code == 0);
    REQUIRE(flow.exit_code == 0);
    REQUIRE(mixed.exit_code == 0);
    const double trip = 2 * host_fibre_ns + 2 * spine_fibre_ns + 3 * (switch_ns + frame_ns);
    const double step = frames * frame_ns + trip;
    CHECK(number(r.report, "collective", "completion_us") * 1e3 ==
          Approx(2 * (n - 1) * step + (2 * (n - 1) - 1) * wire_ns(64)).epsilon(1e-6));
    CHECK(number(flow.report, "collective", "completion_us") * 1e3 == Approx(2 * (n - 1) * step).epsilon(1e-6));
    CHECK(r.report.at("fabric").at("hosts") == n);
    CHECK(r.report.at("fabric").at("planes") == planes);
    CHECK(r.report.at("fabric").at("nic_ports") == n * planes);
    CHECK(r.report.at("fabric").at("switches") == planes * 9);
    CHECK(r.report.at("collective").at("planes") == planes);
    CHECK(r.report.at("collective").at("gpus") == n);
    CHECK(r.report.at("transport").at("data_frames") == 2 * (n - 1) * n * 16);
    // Every plane carries the same share: each plane's 8 uplinks busy alike.
    CHECK(r.report.at("fabric").at("uplink_utilisation").at("max_over_mean").get<double>() == Approx(1.0));
    // One plane's switches configured apart by their suffix: plane 1 pluggable.
    int pluggable = 0;
    for (const auto& s : mixed.report.at("fabric").at("switch_list"))
        pluggable += s.at("packaging") == "pluggable";
    CHECK(pluggable == 9);
    const auto bad = run_cposim("run " + source_path("configs/default.yaml") +
                                " --set fabric.topology=leaf_spine --set fabric.planes=2 --set host.gpus_per_server=3");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("host.gpus_per_server: servers of 3 GPUs do not split a plane's 32 GPUs"));
}
