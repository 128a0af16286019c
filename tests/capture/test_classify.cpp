// `cposim classify`: a capture written by hand (tests/captures/hand.pcapng, made by
// scripts/make_test_captures.py) gives the fields and decisions read off its bytes here by
// hand; the parser against tshark on every committed capture; bad input.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "capture_bytes.h"
#include "run_cposim.h"
#include "tshark_comparison.h"

namespace {

std::vector<nlohmann::json> classify_lines(const std::string& args) {
    const CposimResult r = run_shell("{ " + cposim_command("classify " + args) + " 2>/dev/null; }");
    REQUIRE(r.exit_code == 0);
    std::vector<nlohmann::json> lines;
    std::stringstream in(r.output);
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

}  // namespace

TEST_CASE("classify: a capture written by hand gives the fields and decisions read off its bytes", "[capture][classify]") {
    // 8 ports; the hosts: 02:00:00:01:00:03 (port 3), 02:00:00:00:00:05 (5), 00:1b:21:3a:4f:5c (0x...5c mod 8 = 4);
    // every frame is sent by 02:00:00:01:00:03, so it enters port 3 (traffic.pcap_port=source_mac)
    for (const char* pipeline : {"golden", "rtl", "checked"}) {
        INFO("pipeline " << pipeline);
        const auto f = classify_lines(std::string("--pipeline ") + pipeline + " --set switch.ports=8 " +
                                      source_path("tests/captures/hand.pcapng"));
        REQUIRE(f.size() == 6);
        for (const auto& l : f) CHECK(l.at("port") == 3);
        // 1: untagged IPv4 UDP 10.0.0.1 -> 10.0.0.2 TTL 64, 1234 -> 4791, DSCP 46: class 46 >> 3 = 5
        CHECK(f[0].at("bytes") == 128);
        CHECK(f[0].at("ethertype") == "0x0800");
        CHECK(f[0].at("vlans") == 0);
        CHECK(f[0].at("vid").is_null());
        CHECK(f[0].at("src") == "10.0.0.1");
        CHECK(f[0].at("dst") == "10.0.0.2");
        CHECK(f[0].at("proto") == 17);
        CHECK(f[0].at("ttl") == 64);
        CHECK(f[0].at("l4_src") == 1234);
        CHECK(f[0].at("l4_dst") == 4791);
        CHECK(f[0].at("ipv4_checksum") == "good");
        CHECK(f[0].at("decision") == "forward");
        CHECK(f[0].at("egress") == 5);
        CHECK(f[0].at("tc") == 5);
        // 2: 802.1Q VID 100 PCP 3, IPv6 TCP 2001:db8::1 -> ::2, hop limit 33, 8080 -> 80; class = PCP
        CHECK(f[1].at("vlans") == 1);
        CHECK(f[1].at("vid") == 100);
        CHECK(f[1].at("pcp") == 3);
        CHECK(f[1].at("l3") == "ipv6");
        CHECK(f[1].at("src") == "2001:db8::1");
        CHECK(f[1].at("dst") == "2001:db8::2");
        CHECK(f[1].at("proto") == 6);
        CHECK(f[1].at("ttl") == 33);
        CHECK(f[1].at("l4_src") == 8080);
        CHECK(f[1].at("l4_dst") == 80);
        CHECK(f[1].at("ipv4_checksum").is_null());
        CHECK(f[1].at("egress") == 5);
        CHECK(f[1].at("tc") == 3);
        // 3: S-VID 200, C-VID 10 PCP 5, IPv4 IHL 7, bad checksum, TTL 1, TCP 443 -> 50000, to
        //    00:1b:21:3a:4f:5c: bridged (routing off), so forwarded despite checksum and TTL
        CHECK(f[2].at("vlans") == 2);
        CHECK(f[2].at("outer_vid") == 200);
        CHECK(f[2].at("vid") == 10);
        CHECK(f[2].at("ipv4_checksum") == "bad");
        CHECK(f[2].at("ttl") == 1);
        CHECK(f[2].at("l4_src") == 443);
        CHECK(f[2].at("l4_dst") == 50000);
        CHECK(f[2].at("egress") == 4);
        CHECK(f[2].at("tc") == 5);
        // 4: ARP broadcast of 42 bytes: 64 on the wire (padded, FCS), flooded
        CHECK(f[3].at("bytes") == 64);
        CHECK(f[3].at("captured") == 42);
        CHECK(f[3].at("ethertype") == "0x0806");
        CHECK(f[3].at("l3").is_null());
        CHECK(f[3].at("decision") == "flood");
        // 5: a later IPv4 fragment: addresses, no ports
        CHECK(f[4].at("src") == "10.0.0.1");
        CHECK(f[4].at("ttl") == 5);
        CHECK(f[4].at("l4_src").is_null());
        // 6: 1510 B frame cut to 30 B: source address there (bytes 26..29), destination not
        CHECK(f[5].at("bytes") == 1510);
        CHECK(f[5].at("captured") == 30);
        CHECK(f[5].at("src") == "10.0.0.1");
        CHECK(f[5].at("dst").is_null());
        CHECK(f[5].at("ipv4_checksum").is_null());
        CHECK(f[5].at("decision") == "forward");
    }
    // runts when short frames are not padded; another ingress rule
    const auto raw = classify_lines("--set switch.ports=8 --set traffic.pcap_pad_short=false --set traffic.pcap_port=interface " +
                                    source_path("tests/captures/hand.pcapng"));
    CHECK(raw[3].at("bytes") == 46);
    CHECK(raw[3].at("reason") == "runt");
    CHECK(raw[0].at("port") == 0);
    CHECK(raw[5].at("port") == 1);  // interface 1
}

TEST_CASE("classify agrees with tshark on every field within the parser's scope", "[capture][classify][tshark]") {
    ComparisonTally all;
    for (const char* file : {"hand.pcapng", "vlan.pcapng", "ipv4.pcap", "ipv6.pcapng", "l4_nonip.pcap", "fuzz.pcap"})
        all.add(compare_classify_with_tshark(source_path(std::string("tests/captures/") + file), "checked"));
    std::cout << "classify against tshark (tests/captures, pipeline checked):\n" << all.table();
    CHECK(all.disagreements.empty());
    // every field was compared on many frames
    for (const char* field : {"ethertype", "vlans", "vid", "outer_vid", "ipv4 src", "ipv4 dst", "ipv4 protocol",
                              "ipv4 ttl", "ipv4 checksum", "ipv6 src", "ipv6 dst", "ipv6 next header",
                              "ipv6 hop limit", "l4 ports"}) {
        INFO(field);
        CHECK(all.agree[field] >= 60);
    }
    CHECK(all.frames >= 2200);
}

// Captures written by other people for another dissector (tcpdump's test suite, BSD licence,
// tests/captures/public/README.md): VLANs, QinQ, IPv4 options and bad checksums, fragments,
// IPv6 extension headers, TCP/UDP, 802.3 lengths, PFC, LLDP, PPPoE, ISL, short frames.
TEST_CASE("classify agrees with tshark on public captures from tcpdump's test suite", "[capture][classify][tshark]") {
    const std::vector<std::string> files = {
        "802.1ad_QinQ.pcap", "ipv4_tcp_http_xml.pcap", "rpvstp-trunk-native-vid5.pcap",
        "MSTP_Intra-Region_BPDUs.pcap", "erspan-type-iii-ft-0.pcap", "NHRP_registration.pcap", "various_gre.pcap",
        "IGMP_V2.pcap", "igmpv3-queries.pcap", "kday4.pcap", "ospf-sr-ri-sid.pcap", "rip_error_hexdump.pcap",
        "hncp_dhcpv4data-oobr.pcap", "ipv6_frag6_negative_len.pcap", "icmpv6-rfc7112.pcap",
        "ipv6-routing-header.pcap", "ipv6-srh-ext-header.pcap", "ipv6-bad-version.pcap", "dns_udp.pcap",
        "dns_tcp.pcap", "vxlan.pcap", "dcb_pfc.pcap", "lldp_mudurl.pcap", "pppoes.pcap", "DTP.pcap",
        "ipv4_invalid_length.pcap", "ipv6_invalid_length.pcap"};
    ComparisonTally all;
    for (const auto& file : files) all.add(compare_classify_with_tshark(source_path("tests/captures/public/" + file), "checked"));
    std::cout << "classify against tshark (tests/captures/public, pipeline checked):\n" << all.table();
    CHECK(all.disagreements.empty());
    CHECK(all.frames == 243);  // as tshark counts them
    // what the set exercises was compared, not only skipped under a rule of scope
    for (const char* field : {"ethertype", "vlans", "vid", "outer_vid", "ipv4 src", "ipv4 checksum", "ipv6 src",
                              "ipv6 next header", "l4 ports"}) {
        INFO(field);
        CHECK(all.agree[field] >= 1);
    }
}

TEST_CASE("the comparison with tshark catches a wrong field", "[capture][classify][tshark]") {
    const std::string file = source_path("tests/captures/hand.pcapng");
    std::string lines;
    for (auto l : classify_lines("--set switch.ports=8 " + file)) {
        if (l.at("frame") == 1) l["ttl"] = 65;          // tshark: 64
        if (l.at("frame") == 2) l["vid"] = 101;         // tshark: 100
        if (l.at("frame") == 3) l["l4_dst"] = 50001;    // tshark: 50000
        if (l.at("frame") == 4) l["ethertype"] = "0x0800";  // tshark: ARP
        lines += l.dump() + "\n";
    }
    const ComparisonTally t = compare_with_tshark(file, lines);
    INFO(t.table());
    REQUIRE(t.disagreements.size() == 4);
    CHECK_THAT(t.disagreements[0], Catch::Contains("frame 1: ipv4 ttl: classify '65', tshark '64'"));
    CHECK_THAT(t.disagreements[1], Catch::Contains("frame 2: vid: classify '101', tshark '100'"));
    CHECK_THAT(t.disagreements[2], Catch::Contains("frame 3: l4 ports: classify '443->50001', tshark '443->50000'"));
    CHECK_THAT(t.disagreements[3], Catch::Contains("frame 4: ethertype: classify '2048', tshark '2054'"));
}

TEST_CASE("classify: bad input is exit 2 with a message naming the file, the record or the option", "[capture][classify]") {
    const std::string text = write_temp_file("notcap.pcap", "GET / HTTP/1.1\r\n");
    CposimResult r = run_cposim("classify " + text);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("notcap.pcap: not a pcap or pcapng capture"));
    ByteWriter w;
    pcap_header(w, false, 101);
    w.save(temp_path("raw.pcap"));
    r = run_cposim("classify " + temp_path("raw.pcap"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("raw IP (101) is not Ethernet (1)"));
    ByteWriter cut;
    pcap_header(cut, false);
    pcap_record(cut, 0, 0, std::vector<uint8_t>(60), 60);
    pcap_record(cut, 0, 1, std::vector<uint8_t>(60), 60);
    cut.b.resize(cut.b.size() - 1);
    cut.save(temp_path("cut.pcap"));
    r = run_cposim("classify " + temp_path("cut.pcap"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("record 2: truncated"));
    r = run_cposim("classify --pipeline fast " + source_path("tests/captures/hand.pcapng"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("--pipeline: 'fast' is not one of golden, rtl, checked"));
    r = run_cposim("classify --set switch.ports=128 " + source_path("tests/captures/hand.pcapng"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("serves at most 64"));
}

// Picosecond times reach 2^63 ps, 106.75 days: a capture spanning longer cannot be replayed,
// but classify needs no times and reads it.
TEST_CASE("a capture spanning more than 106 days is classified and refused for replay naming the record",
          "[capture][classify]") {
    ByteWriter w;
    pcap_header(w, false);
    pcap_record(w, 0, 0, std::vector<uint8_t>(60), 60);
    pcap_record(w, 86400 * 106, 0, std::vector<uint8_t>(60), 60);  // 106 days: still simulated
    pcap_record(w, 86400 * 107, 0, std::vector<uint8_t>(60), 60);  // 107 days: beyond
    w.save(temp_path("long.pcap"));
    const CposimResult c = run_cposim("classify --set switch.ports=8 " + temp_path("long.pcap"));
    CHECK(c.exit_code == 0);
    CHECK_THAT(c.output, Catch::Contains("\"frame\":3"));
    const CposimResult r = run_cposim("run " + source_path("configs/default.yaml") + " --set switch.ports=8" +
                                      " --set traffic.source=pcap --set traffic.pcap_file=" + temp_path("long.pcap"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("long.pcap: record 3: its timestamp is more than 106 days after"));
}

TEST_CASE("classify --format csv: a header and one row per frame, empty where JSON says null", "[capture][classify]") {
    const CposimResult r = run_shell("{ " + cposim_command("classify --format csv --set switch.ports=8 " +
                                                           source_path("tests/captures/hand.pcapng")) + " 2>/dev/null; }");
    REQUIRE(r.exit_code == 0);
    std::stringstream in(r.output);
    std::string header, row1;
    std::getline(in, header);
    std::getline(in, row1);
    CHECK(header == "frame,port,bytes,captured,ethertype,vlans,outer_vid,vid,pcp,l3,src,dst,proto,ttl,l4_src,l4_dst,"
                    "ipv4_checksum,decision,egress,reason,tc");
    CHECK(row1 == "1,3,128,124,0x0800,0,,,,ipv4,10.0.0.1,10.0.0.2,17,64,1234,4791,good,forward,5,,5");
    int rows = 1;
    for (std::string l; std::getline(in, l);) ++rows;
    CHECK(rows == 6);
}
