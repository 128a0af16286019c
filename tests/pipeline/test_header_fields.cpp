// The header fields the parser reports beside its decision (m_dec_hdr_*), golden model and
// RTL alike, on frames written byte by byte here (not by the frame builder), against the
// values read off the bytes by hand.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "golden_model.h"
#include "rtl_model.h"
#include "table_programme.h"

using namespace cposim;
using namespace cposim::fwd;

namespace {

// "00 11 22 ..." -> a header slice of a `frame_bytes` frame from source port 3
HeaderSlice slice_of_hex(const std::string& hex, uint16_t frame_bytes) {
    HeaderSlice s;
    std::istringstream in(hex);
    unsigned v;
    int n = 0;
    while (in >> std::hex >> v) s.bytes[static_cast<size_t>(n++)] = static_cast<uint8_t>(v);
    s.valid_bytes = static_cast<uint16_t>(n);
    s.frame_bytes = frame_bytes;
    s.src_port = 3;
    return s;
}

HeaderFields fields_of_both(const HeaderSlice& s) {
    GoldenModel golden;
    RtlModel rtl;
    program_default_tables(golden, kPorts);
    program_default_tables(rtl, kPorts);
    const PipelineDecision g = golden.decide(s), r = rtl.decide(s);
    INFO(mismatch_report(s, g, r, rtl.cycles(), "header fields by hand"));
    REQUIRE(g == r);
    return g.hdr;
}

std::array<uint8_t, 16> v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    std::array<uint8_t, 16> x{};
    x[12] = a, x[13] = b, x[14] = c, x[15] = d;
    return x;
}

}  // namespace

TEST_CASE("header fields of a QinQ IPv6 TCP frame, by hand", "[pipeline][fields]") {
    const HeaderSlice s = slice_of_hex(
        "00 11 22 33 44 55 66 77 88 99 aa bb "
        "88 a8 20 64 "                       // S-tag: PCP 1, VID 100
        "81 00 a0 0a "                       // C-tag: PCP 5, VID 10
        "86 dd "
        "60 00 00 00 00 14 06 21 "           // IPv6, payload 20, next header TCP, hop limit 33
        "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 "
        "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02 "
        "1f 90 00 50 00 00 00 01 00 00 00 00 50 10 ff ff 00 00 00 00",  // TCP 8080 -> 80
        86);
    const HeaderFields f = fields_of_both(s);
    CHECK(f.ethertype == 0x86DD);
    CHECK(f.vlan_count == 2);
    CHECK(f.outer_vid == 100);
    CHECK(f.vid == 10);
    CHECK(f.pcp == 5);
    const std::array<uint8_t, 16> src{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    std::array<uint8_t, 16> dst = src;
    dst[15] = 2;
    CHECK(f.src == src);
    CHECK(f.dst == dst);
    CHECK(f.proto == 6);
    CHECK(f.ttl == 33);
    CHECK(f.l4_valid);
    CHECK(f.l4_src == 8080);
    CHECK(f.l4_dst == 80);
    CHECK(f.ipv4_checks == 0);
}

TEST_CASE("an IPv4 fragment past the first has no ports, a bad checksum and a cut port are reported", "[pipeline][fields]") {
    // 10.1.2.3 -> 192.168.0.9, UDP, TTL 5, fragment offset 185 (x 8 bytes), checksum by hand
    // 0xd62f (ones' complement of the folded sum of the other nine words)
    HeaderSlice s = slice_of_hex(
        "02 00 00 00 00 01 02 00 00 01 00 03 08 00 "
        "45 00 00 1c 12 34 00 b9 05 11 d6 2f 0a 01 02 03 c0 a8 00 09 "
        "04 d2 16 2e 00 08 00 00", 64);  // what would be ports 1234 -> 5678 in a first fragment
    HeaderFields f = fields_of_both(s);
    CHECK(f.ethertype == 0x0800);
    CHECK(f.vlan_count == 0);
    CHECK(f.src == v4(10, 1, 2, 3));
    CHECK(f.dst == v4(192, 168, 0, 9));
    CHECK(f.proto == 17);
    CHECK(f.ttl == 5);
    CHECK_FALSE(f.l4_valid);
    CHECK(f.l4_src == 0);
    CHECK(f.l4_dst == 0);
    CHECK(f.ipv4_checks == 0);

    s.bytes[21] = 0;  // the first fragment (offset 0): its UDP header is there; checksum 0xd6e8
    s.bytes[25] = 0xe8;
    f = fields_of_both(s);
    CHECK(f.l4_valid);
    CHECK(f.l4_src == 1234);
    CHECK(f.l4_dst == 5678);
    CHECK(f.ipv4_checks == 0);

    s.bytes[25] ^= 1;  // bad checksum
    CHECK(fields_of_both(s).ipv4_checks == HeaderFields::kIpv4BadChecksum);
    s.valid_bytes = 14 + 20 + 3;  // the slice ends inside the destination port
    f = fields_of_both(s);
    CHECK_FALSE(f.l4_valid);
    CHECK(f.l4_src == 1234);  // read, but the port is not all there: not valid
}

TEST_CASE("non-IP frames report no L3 fields", "[pipeline][fields]") {
    // ARP request in an 802.1Q tag (VID 7, PCP 0)
    const HeaderFields f = fields_of_both(slice_of_hex(
        "ff ff ff ff ff ff 02 00 00 01 00 03 81 00 00 07 08 06 "
        "00 01 08 00 06 04 00 01 02 00 00 01 00 03 0a 00 00 01 00 00 00 00 00 00 0a 00 00 02", 64));
    CHECK(f.ethertype == 0x0806);
    CHECK(f.vlan_count == 1);
    CHECK(f.vid == 7);
    CHECK(f.outer_vid == 0);
    CHECK(f.src == std::array<uint8_t, 16>{});
    CHECK(f.proto == 0);
    CHECK(f.ttl == 0);
    CHECK_FALSE(f.l4_valid);
    CHECK(f.ipv4_checks == 0);
}
