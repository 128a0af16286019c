// Capture files: the reader on pcap and pcapng files written byte by byte here (both byte
// orders, micro- and nanosecond timestamps, several interfaces, snapshot lengths), its
// precise refusals (naming the record), and the writer's files read back by tshark
// (Wireshark's reader: an implementation nobody here wrote).
#include <catch2/catch.hpp>

#include <string>

#include "capture_bytes.h"
#include "capture_file.h"
#include "errors.h"
#include "pcapng_writer.h"
#include "run_cposim.h"

using namespace cposim;

namespace {

std::vector<uint8_t> frame_of(size_t n, uint8_t first) {
    std::vector<uint8_t> f(n);
    for (size_t i = 0; i < n; ++i) f[i] = static_cast<uint8_t>(first + i);
    return f;
}

std::string error_of(const std::string& path) {
    try {
        CaptureFile c(path);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("pcap files: both byte orders, micro- and nanoseconds, snapshot lengths", "[capture]") {
    for (const bool big : {false, true}) {
        for (const bool nano : {false, true}) {
            ByteWriter w;
            w.big_endian = big;
            pcap_header(w, nano);
            // 100.000001 s (us) / 100.000000001 s (ns); then 3 us / 2.5 us later; a frame cut to 96 B
            pcap_record(w, 100, 1, frame_of(60, 0), 60);
            pcap_record(w, 100, nano ? 2501 : 4, frame_of(1514, 7), 1514);
            pcap_record(w, 101, 0, frame_of(96, 9), 1518);
            const std::string path = temp_path("order.pcap");
            w.save(path);
            const CaptureFile c(path);
            INFO("big endian " << big << ", nanoseconds " << nano);
            REQUIRE(c.frames().size() == 3);
            CHECK(std::string(c.format()) == "pcap");
            const auto& f = c.frames();
            CHECK(f[0].record == 1);
            CHECK(f[0].time_ps == 0);
            CHECK(f[1].time_ps == (nano ? 2500000 : 3000000));  // 2500 ns / 3 us later, in ps
            CHECK(f[2].time_ps == (nano ? 999999999000LL : 999999000000LL));
            CHECK(f[1].captured_bytes == 1514);
            CHECK(f[1].data[0] == 7);
            CHECK(f[1].data[1513] == static_cast<uint8_t>(7 + 1513));
            CHECK(f[2].captured_bytes == 96);
            CHECK(f[2].original_bytes == 1518);
            CHECK_FALSE(f[2].complete());
            CHECK(f[0].fcs_bytes == 0);
            // on the wire: FCS added, short frames padded when asked
            CHECK(wire_bytes(f[0], true) == 64);
            CHECK(wire_bytes(f[1], true) == 1518);
            CHECK(wire_bytes(f[2], false) == 1522);
        }
    }
}

TEST_CASE("pcap's FCS flag and pcapng's interfaces and timestamp resolutions", "[capture]") {
    ByteWriter w;
    pcap_header(w, false, 0x04000000u | (2u << 28) | 1u);  // FCS present, 2 x 16 bits
    pcap_record(w, 5, 0, frame_of(64, 0), 64);
    w.save(temp_path("fcs.pcap"));
    const CaptureFile fcs(temp_path("fcs.pcap"));
    CHECK(fcs.frames()[0].fcs_bytes == 4);
    CHECK(wire_bytes(fcs.frames()[0], false) == 64);

    ByteWriter g;
    pcapng_section(g);
    pcapng_interface(g, 1, 9);            // interface 0: nanoseconds
    pcapng_interface(g, 1, 0x80 | 20);    // interface 1: 2^-20 s
    pcapng_packet(g, 0, 1000000000ull * 1700000000ull, frame_of(60, 1), 60);
    pcapng_packet(g, 1, (1700000000ull << 20) + (1u << 10), frame_of(70, 2), 70);  // + 2^-10 s
    pcapng_packet(g, 0, 1000000000ull * 1700000000ull - 1000, frame_of(80, 3), 80);  // 1 us earlier
    g.save(temp_path("two.pcapng"));
    const CaptureFile c(temp_path("two.pcapng"));
    REQUIRE(c.frames().size() == 3);
    CHECK(std::string(c.format()) == "pcapng");
    CHECK(c.interfaces() == 2);
    const auto& f = c.frames();
    CHECK(f[1].interface == 1);
    CHECK(f[2].record == 3);
    // relative to the earliest (record 3): 1 us, 1 us + 2^-10 s, 0
    CHECK(f[2].time_ps == 0);
    CHECK(f[0].time_ps == 1000000);
    CHECK(f[1].time_ps == 1000000 + 976562500);  // 2^-10 s = 976.5625 us
}

TEST_CASE("bad captures are refused naming the file and the record", "[capture]") {
    const std::string text = write_temp_file("text.pcap", "hello, not a capture\n");
    CHECK_THAT(error_of(text), Catch::Contains("text.pcap: not a pcap or pcapng capture (it starts with 0x68 0x65"));
    CHECK_THAT(error_of(temp_path("missing.pcap")), Catch::Contains("missing.pcap: cannot open the capture"));

    ByteWriter sll;
    pcap_header(sll, false, 113);
    sll.save(temp_path("sll.pcap"));
    CHECK_THAT(error_of(temp_path("sll.pcap")), Catch::Contains("Linux cooked capture (113) is not Ethernet (1)"));

    ByteWriter cut;
    pcap_header(cut, false);
    pcap_record(cut, 1, 0, frame_of(60, 0), 60);
    pcap_record(cut, 1, 5, frame_of(1514, 0), 1514);
    cut.b.resize(cut.b.size() - 1314);
    cut.save(temp_path("cut.pcap"));
    CHECK_THAT(error_of(temp_path("cut.pcap")),
               Catch::Contains("record 2: truncated: its header announces 1514 captured bytes, 200 are left"));
    cut.b.resize(24 + 16 + 60 + 7);
    cut.save(temp_path("cut.pcap"));
    CHECK_THAT(error_of(temp_path("cut.pcap")), Catch::Contains("record 2: truncated: its header needs 16 bytes, 7 are left"));

    ByteWriter longer;
    pcap_header(longer, false);
    pcap_record(longer, 1, 0, frame_of(100, 0), 60);
    longer.save(temp_path("longer.pcap"));
    CHECK_THAT(error_of(temp_path("longer.pcap")), Catch::Contains("record 1: 100 bytes captured of a frame of 60 bytes"));

    ByteWriter ng;
    pcapng_section(ng);
    pcapng_interface(ng, 1, 6);
    pcapng_interface(ng, 113, 6);
    pcapng_packet(ng, 0, 0, frame_of(60, 0), 60);
    pcapng_packet(ng, 1, 0, frame_of(60, 0), 60);
    ng.save(temp_path("mixed.pcapng"));
    CHECK_THAT(error_of(temp_path("mixed.pcapng")),
               Catch::Contains("record 2: interface 1 has Linux cooked capture (113), not Ethernet (1)"));
    ByteWriter noif;
    pcapng_section(noif);
    pcapng_packet(noif, 0, 0, frame_of(60, 0), 60);
    noif.save(temp_path("noif.pcapng"));
    CHECK_THAT(error_of(temp_path("noif.pcapng")), Catch::Contains("record 1: interface 0 is not described"));
    noif.b.resize(noif.b.size() - 10);
    noif.save(temp_path("noif.pcapng"));
    CHECK_THAT(error_of(temp_path("noif.pcapng")), Catch::Contains("record 1: truncated: its block announces 92 bytes, 82 are left"));
}

TEST_CASE("pcapng written by cposim: tshark reads its frames, times and comments", "[capture][tshark]") {
    const std::string path = temp_path("written.pcapng");
    {
        PcapngWriter w(path);
        CHECK(w.add_interface("port0", "egress of switch port 0") == 0);
        CHECK(w.add_interface("port1", "egress of switch port 1") == 1);
        const std::vector<uint8_t> f = frame_of(60, 0x10);
        w.write(0, 1234567, f.data(), 60, 60);                      // 1.234567 us
        w.write(1, 2000000000123LL, f.data(), 40, 1514, "drop: l2_miss");  // 2 s + 123 ps, cut to 40 B
        w.close();
    }
    const CposimResult r = run_shell("{ tshark -r " + path +
                                     " -T fields -E 'separator=|' -e frame.number -e frame.interface_id -e frame.time_epoch"
                                     " -e frame.len -e frame.cap_len -e frame.comment -e eth.dst 2>/dev/null; }");
    REQUIRE(r.exit_code == 0);
    CHECK(r.output == "1|0|0.000001234|60|60||10:11:12:13:14:15\n"
                      "2|1|2.000000000|1514|40|drop: l2_miss|10:11:12:13:14:15\n");
    // and the reader reads back what the writer wrote
    const CaptureFile c(path);
    REQUIRE(c.frames().size() == 2);
    CHECK(c.frames()[1].time_ps - c.frames()[0].time_ps == 2000000000123LL - 1234567);
    CHECK(c.frames()[1].captured_bytes == 40);
    CHECK(c.frames()[1].original_bytes == 1514);
}
