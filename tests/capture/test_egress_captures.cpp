// cposim run --pcap-out: the captures of what each egress port sent and of what was dropped,
// read by tshark (Wireshark's reader): frame counts per port worked out by hand, first-bit
// timestamps, drop reasons as comments, PFC frames Wireshark dissects, whole runs accounted.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "run_cposim.h"
#include "tshark.h"

namespace {

std::string hand_run(const std::string& dir, const std::string& extra) {
    return "run " + source_path("configs/default.yaml") + " --set traffic.source=pcap --set traffic.pcap_file=" +
           source_path("tests/captures/hand.pcapng") +
           " --set switch.ports=8 --set switch.port_speed=100G --set switch.pipeline=golden"
           " --set sim.duration_us=20 --set sim.warmup_us=0 --pcap-out " + dir + " " + extra;
}

}  // namespace

TEST_CASE("egress captures: frames per port as worked out by hand, first-bit times, the bytes replayed", "[capture][pcap-out][tshark]") {
    // hand.pcapng on 8 ports, all from 02:00:00:01:00:03 (port 3): frames 1, 2, 5, 6 to
    // 02:00:00:00:00:05 (port 5), frame 3 to 00:1b:21:3a:4f:5c (port 4), frame 4 (ARP
    // broadcast) flooded to every port but 3
    const std::string dir = temp_path("hand_out");
    const CposimResult r = run_cposim(hand_run(dir, ""), true);
    REQUIRE(r.exit_code == 0);
    const std::map<int, int64_t> expected{{0, 1}, {1, 1}, {2, 1}, {3, 0}, {4, 2}, {5, 5}, {6, 1}, {7, 1}};
    for (const auto& [port, frames] : expected) {
        INFO("port " << port);
        CHECK(tshark_count(dir + "/port" + std::to_string(port) + ".pcapng") == frames);
    }
    CHECK(tshark_count(dir + "/drops.pcapng") == 0);
    CHECK(r.report.at("pcap_out").at("egress_frames") == 12);
    CHECK(r.report.at("packets").at("delivered") == 12);
    // frame 1 (captured at 0) reaches the switch's MAC after the fibre (2 m: 9.8 ns) and the
    // PHY's FEC latency (110 ns), its last bit 128 B at 100G later (11.84 ns): 131.64 ns; it
    // enters the pipeline at the next 1.25 GHz clock edge (165 x 0.8 = 132 ns) and is decided
    // 4 clocks later: its first bit leaves port 5 at 135.2 ns (tshark shows nanoseconds)
    const auto times = tshark_lines(dir + "/port5.pcapng", "-T fields -e frame.time_epoch -e frame.len -e frame.cap_len -e udp.dstport");
    REQUIRE(times.size() == 5);
    CHECK(times[0] == "0.000000135\t124\t124\t4791");  // 124 B (no FCS), whole, UDP 4791
    // frame 2, captured at 1 us, 82 B (8.16 ns): in at 1127.96 ns, clock edge 1128 ns, out at 1131.2 ns
    CHECK(times[1].substr(0, 12) == "0.000001131\t");
    CHECK(times[4].find("\t1506\t30\t") != std::string::npos);  // the cut frame: 30 of 1506 bytes
}

TEST_CASE("drop captures: each dropped frame with its reason as a comment, per ingress port", "[capture][pcap-out][tshark]") {
    // not padded, the 42-byte ARP is a 46-byte runt: dropped, nothing flooded
    const std::string dir = temp_path("runt_out");
    const CposimResult r = run_cposim(hand_run(dir, "--set traffic.pcap_pad_short=false"), true);
    REQUIRE(r.exit_code == 0);
    const auto drops = tshark_lines(dir + "/drops.pcapng", "-T fields -e frame.interface_id -e frame.len -e arp.opcode -e frame.comment");
    REQUIRE(drops.size() == 1);
    CHECK(drops[0] == "3\t42\t1\tdrop: runt, ingress port 3, class 0, by the switch");
    CHECK(r.report.at("packets").at("dropped").at("runt") == 1);
    CHECK(tshark_count(dir + "/port0.pcapng") == 0);
    CHECK(tshark_count(dir + "/port5.pcapng") == 4);
}

TEST_CASE("captures of a whole replay add up: frames sent = delivered, drops by reason = the report's", "[capture][pcap-out][tshark]") {
    const std::string dir = temp_path("fuzz_out");
    const CposimResult r = run_cposim("run " + source_path("configs/default.yaml") +
                                          " --set traffic.source=pcap --set traffic.pcap_file=" +
                                          source_path("tests/captures/fuzz.pcap") +
                                          " --set switch.ports=8 --set switch.port_speed=100G --set switch.pipeline=golden"
                                          " --set sim.duration_us=1500 --set sim.warmup_us=0 --pcap-out " + dir,
                                      true);
    REQUIRE(r.exit_code == 0);
    const auto& p = r.report.at("packets");
    REQUIRE(p.at("in_flight") == 0);
    int64_t sent = 0;
    for (int port = 0; port < 8; ++port) sent += tshark_count(dir + "/port" + std::to_string(port) + ".pcapng");
    CHECK(sent == p.at("delivered").get<int64_t>());
    std::map<std::string, int64_t> by_reason;
    for (const auto& c : tshark_lines(dir + "/drops.pcapng", "-T fields -e frame.comment"))
        ++by_reason[c.substr(6, c.find(',') - 6)];  // "drop: REASON, ..."
    int64_t dropped = 0;
    for (const auto& [reason, n] : p.at("dropped").items()) {
        INFO(reason);
        CHECK(by_reason[reason] == n.get<int64_t>());
        dropped += n.get<int64_t>();
    }
    CHECK(dropped == p.at("dropped_total").get<int64_t>());
    CHECK(dropped > 50);
    // the drops file is in time order
    const auto t = tshark_lines(dir + "/drops.pcapng", "-T fields -e frame.time_delta");
    for (const auto& d : t) CHECK(d.front() != '-');
}

TEST_CASE("egress captures hold the PFC frames the switch sent, as Wireshark dissects them", "[capture][pcap-out][tshark]") {
    const std::string dir = temp_path("pfc_out");
    const CposimResult r = run_cposim("run " + source_path("configs/incast-pfc.yaml") +
                                          " --set switch.buffer_bytes=1MB --set sim.duration_us=40 --set sim.warmup_us=0"
                                          " --pcap-snaplen 64 --pcap-out " + dir,
                                      true);
    REQUIRE(r.exit_code == 0);
    const int ports = r.report.at("parameters").at("values").at("switch.ports").get<int>();
    int64_t pfc = 0, data = 0;
    for (int port = 0; port < ports; ++port) {
        const std::string f = dir + "/port" + std::to_string(port) + ".pcapng";
        pfc += tshark_count(f, "macc.opcode == 0x0101 && eth.dst == 01:80:c2:00:00:01");
        data += tshark_count(f, "!macc");
    }
    CHECK(pfc == r.report.at("pfc").at("pause_frames_sent").get<int64_t>());
    CHECK(pfc > 0);
    // generated traffic: every delivered frame was sent; those in flight may have been too
    const auto& p = r.report.at("packets");
    CHECK(data >= p.at("delivered").get<int64_t>());
    CHECK(data <= p.at("delivered").get<int64_t>() + p.at("in_flight").get<int64_t>());
}

TEST_CASE("frames the receivers' CRC drops are in the drop capture too, in time order", "[capture][pcap-out][tshark]") {
    // a BER past what RS(544,514) corrects: frames corrupted on the way in (dropped by the
    // switch) and on the way out (dropped by the partner's receiver a fibre later)
    const std::string dir = temp_path("ber_out");
    const CposimResult r = run_cposim("run " + source_path("configs/cpo-51t2.yaml") +
                                          " --set phy.ber=2e-3 --set switch.ports=8 --set sim.duration_us=10"
                                          " --set sim.warmup_us=0 --pcap-snaplen 64 --pcap-out " + dir,
                                      true);
    REQUIRE(r.exit_code == 0);
    int64_t by_switch = 0, by_receivers = 0;
    for (const auto& c : tshark_lines(dir + "/drops.pcapng", "-T fields -e frame.comment")) {
        CHECK(c.rfind("drop: fec_uncorrectable, ingress port ", 0) == 0);
        (c.find("by the receiver on egress port") != std::string::npos ? by_receivers : by_switch) += 1;
    }
    CHECK(by_switch > 0);
    CHECK(by_receivers > 0);
    CHECK(by_switch + by_receivers == r.report.at("packets").at("dropped").at("fec_uncorrectable").get<int64_t>());
    CHECK(by_switch + by_receivers == r.report.at("packets").at("dropped_total").get<int64_t>());
    int64_t backwards = 0;
    for (const auto& d : tshark_lines(dir + "/drops.pcapng", "-T fields -e frame.time_delta")) backwards += d.front() == '-';
    CHECK(backwards == 0);
    // every frame the receivers dropped was sent: sent = delivered + dropped by receivers + in flight after the switch
    int64_t sent = 0;
    for (int port = 0; port < 8; ++port) sent += tshark_count(dir + "/port" + std::to_string(port) + ".pcapng");
    const auto& p = r.report.at("packets");
    CHECK(sent >= p.at("delivered").get<int64_t>() + by_receivers);
    CHECK(sent <= p.at("delivered").get<int64_t>() + by_receivers + p.at("in_flight").get<int64_t>());
}
