// Unit and end-to-end tests of the forwarding pipeline: frame builder against hand
// calculations, golden model and RTL under the default programme and on malformed frames,
// the register map over TLM-2.0, RTL assertions and timing, and switch runs with each
// pipeline. Each TEST_CASE runs in its own process (SystemC modules are elaborated).
#include <catch2/catch.hpp>

#include <algorithm>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include <gtkwave/fstapi.h>  // GTKWave's FST reader, compiled into the Verilator runtime

#include "errors.h"
#include "frame_builder.h"
#include "golden_model.h"
#include "header_pipelines.h"
#include "l2_hash.h"
#include "register_target.h"
#include "rtl_model.h"
#include "run_cposim.h"
#include "table_programme.h"

using namespace cposim;
using namespace cposim::fwd;

namespace {

Packet make_packet(uint64_t id, int src, int dst, uint32_t bytes, int tc) {
    Packet p;
    p.id = id;
    p.src_port = static_cast<uint16_t>(src);
    p.dst_port = static_cast<uint16_t>(dst);
    p.bytes = bytes;
    p.traffic_class = static_cast<uint8_t>(tc);
    return p;
}

int be16(const HeaderSlice& s, int i) { return (s.bytes[i] << 8) | s.bytes[i + 1]; }

}  // namespace

TEST_CASE("ones' complement sum gives the textbook IPv4 header checksum", "[pipeline]") {
    // 45 00 00 73 00 00 40 00 40 11 [00 00] c0 a8 00 01 c0 a8 00 c7: checksum 0xb861
    const uint8_t h[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                           0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    CHECK(static_cast<uint16_t>(~ones_complement_sum(h, 20)) == 0xb861);
}

TEST_CASE("the frame builder follows the address plan, by hand", "[pipeline]") {
    std::set<std::pair<int, int>> shapes;  // (tags, ipv6) seen
    for (uint64_t id = 0x1200; id < 0x1240; ++id) {
        const Packet p = make_packet(id, 3, 5, 512, 6);
        const FrameFields f = fields_for(p);
        const HeaderSlice s = build_frame(f);
        shapes.insert({f.vlan_tags, f.l3 == L3Kind::ipv6});
        CHECK(s.valid_bytes == 128);
        CHECK(s.frame_bytes == 512);
        CHECK(s.src_port == 3);
        const uint8_t dmac[6] = {0x02, 0, 0, 0, 0, 5}, smac[6] = {0x02, 0, 0, 1, 0, 3};
        for (int i = 0; i < 6; ++i) {
            CHECK(s.bytes[i] == dmac[i]);
            CHECK(s.bytes[6 + i] == smac[i]);
        }
        int l3 = 14;
        if (f.vlan_tags == 1) {
            CHECK(be16(s, 12) == 0x8100);
            CHECK(be16(s, 14) == ((6u << 13) | 1));  // PCP 6, VID 1
            l3 = 18;
        }
        if (f.l3 == L3Kind::ipv4) {
            CHECK(be16(s, l3 - 2) == 0x0800);
            CHECK(s.bytes[l3] == 0x45);
            CHECK(s.bytes[l3 + 1] == (6 << 5));              // DSCP CS6
            CHECK(be16(s, l3 + 2) == 512 - l3 - 4);          // total length: frame - L2 - FCS
            CHECK(s.bytes[l3 + 8] == 64);                    // TTL
            CHECK(s.bytes[l3 + 9] == 17);                    // UDP
            CHECK(ones_complement_sum(&s.bytes[l3], 20) == 0xFFFF);  // checksum verifies
            CHECK(s.bytes[l3 + 16] == 10);
            CHECK(s.bytes[l3 + 17] == 5);
            CHECK(s.bytes[l3 + 18] == 0x12);
            CHECK(s.bytes[l3 + 19] == (id & 0xFF));
            CHECK(be16(s, l3 + 22) == 4791);                 // RoCEv2
            CHECK(be16(s, l3 + 24) == 512 - l3 - 4 - 20);    // UDP length
        } else {
            CHECK(be16(s, l3 - 2) == 0x86DD);
            CHECK(s.bytes[l3] == (0x60 | (6 << 3) >> 2));  // version 6, TC = DSCP 48 << 2
            CHECK(be16(s, l3 + 4) == 512 - l3 - 4 - 40);    // payload length
            CHECK(s.bytes[l3 + 6] == 17);
            CHECK(s.bytes[l3 + 24] == 0xFD);
            CHECK(s.bytes[l3 + 31] == 5);
            CHECK(be16(s, l3 + 40 + 2) == 4791);
        }
    }
    CHECK(shapes.size() == 4);  // untagged/tagged x IPv4/IPv6 all occur
    // IPv6 only where it fits: a 64-byte frame is always IPv4
    for (uint64_t id = 0; id < 64; ++id)
        CHECK(fields_for(make_packet(id, 0, 1, 64, 0)).l3 == L3Kind::ipv4);
}

TEST_CASE("the L2 prefix is the frame's first bytes and decides a bridged frame as the frame does", "[pipeline]") {
    GoldenModel golden;
    RegisterTarget target("golden_regs", golden);
    RegisterClient regs(target.forward_interface());
    program_default_tables(regs, kPorts);
    HeaderSlice reused;  // written by write_l2_prefix frame after frame, as the golden pipeline does
    std::set<std::pair<int, int>> shapes;  // (tags, ipv6) seen
    uint64_t id = 0x5000;
    for (uint32_t bytes : {20u, 60u, 64u, 100u, 512u, 1518u, 9216u})
        for (int k = 0; k < 64; ++k) {
            Packet p = make_packet(id++, k % kPorts, (7 * k) % kPorts, bytes, k % 8);
            p.broadcast = k % 9 == 0;
            const FrameFields f = fields_for(p);
            shapes.insert({f.vlan_tags, f.l3 == L3Kind::ipv6});
            const HeaderSlice full = build_frame(p), prefix = build_l2_prefix(p);
            write_l2_prefix(p, reused);
            INFO(full.to_string() << "\n" << prefix.to_string());
            REQUIRE(prefix.valid_bytes == full.valid_bytes);
            REQUIRE(prefix.frame_bytes == full.frame_bytes);
            REQUIRE(prefix.src_port == full.src_port);
            const int kept = std::min<int>(14 + 4 * f.vlan_tags + 8, full.valid_bytes);  // L2 + 8 bytes of L3
            for (int i = 0; i < kHeaderBytes; ++i) REQUIRE(prefix.bytes[i] == (i < kept ? full.bytes[i] : 0));
            REQUIRE(reused.bytes == prefix.bytes);
            // No ACL, not routed: parsed as far as L2 and the class, the same decision.
            REQUIRE(golden.decides_by_l2(destination_mac(p)));
            const PipelineDecision by_prefix = golden.decide(prefix, GoldenModel::Fields::decision_only);
            REQUIRE(by_prefix == golden.decide(full, GoldenModel::Fields::decision_only));
            const PipelineDecision by_frame = golden.decide(full);  // every field parsed
            CHECK((by_prefix.drop == by_frame.drop && by_prefix.reason == by_frame.reason &&
                   by_prefix.flood == by_frame.flood && by_prefix.mask == by_frame.mask &&
                   by_prefix.tc == by_frame.tc));
        }
    CHECK(shapes.size() == 4);  // untagged/tagged x IPv4/IPv6 all occur
}

TEST_CASE("the L2 hash folds the key by hand", "[pipeline]") {
    // vid 1 -> key bit 48 -> index bit 3; mac 02:00:00:00:00:05 -> bits 41 (41 % 5 = 1), 0, 2
    CHECK(l2_set_index(1, 0x020000000005ull, 5) == ((1u << 3) ^ (1u << 1) ^ 0b101u));
    // and, for every set width, as rtl/l2_hash.sv defines it: key bit b to index bit b mod width
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int set_bits = 1; set_bits <= 32; ++set_bits)  // a 32-bit index
        for (int trial = 0; trial < 200; ++trial) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const uint16_t vid = static_cast<uint16_t>(x >> 52);
            const uint64_t mac = x & 0xFFFFFFFFFFFFull;
            const uint64_t key = (uint64_t{vid} << 48) | mac;
            uint64_t by_bits = 0;
            for (int b = 0; b < 60; ++b) by_bits ^= ((key >> b) & 1) << (b % set_bits);
            INFO("set_bits " << set_bits << " vid " << vid << " mac " << mac);
            REQUIRE(l2_set_index(vid, mac, set_bits) == by_bits);
        }
}

TEST_CASE("golden and RTL forward every address-plan frame to its dst_port with its class",
          "[pipeline]") {
    GoldenModel golden;
    RtlModel rtl;
    RegisterTarget gt("golden_regs", golden), rt("rtl_regs", rtl);
    RegisterClient gc(gt.forward_interface()), rc(rt.forward_interface());
    program_default_tables(gc, kPorts);
    program_default_tables(rc, kPorts);
    uint64_t id = 1;
    for (int src = 0; src < kPorts; src += 7)
        for (int dst = 0; dst < kPorts; ++dst)
            for (int tc = 0; tc < 8; tc += 3)
                for (uint32_t bytes : {64u, 100u, 512u, 1518u, 9216u}) {
                    const HeaderSlice s = build_frame(make_packet(id++, src, dst, bytes, tc));
                    for (const PipelineDecision& d : {golden.decide(s), rtl.decide(s)}) {
                        INFO(s.to_string() << "\n" << d.to_string());
                        REQUIRE(!d.drop);
                        REQUIRE(!d.flood);
                        REQUIRE(d.port == dst);
                        REQUIRE(d.mask == uint64_t{1} << dst);
                        REQUIRE(d.tc == tc);
                        REQUIRE(d.src_port == src);
                        REQUIRE(d.latency == kDepth);
                    }
                }
    // counters by hand: every frame forwarded, per-port counts add up
    const uint32_t frames = static_cast<uint32_t>(id - 1);
    for (RegisterClient* c : {&gc, &rc}) {
        CHECK(c->read32(REASON_COUNT + 0) == frames);
        uint32_t tx = 0, rx = 0;
        for (int p = 0; p < kPorts; ++p) {
            tx += c->read32(TX_COUNT + 4 * p);
            rx += c->read32(RX_COUNT + 4 * p);
        }
        CHECK(tx == frames);
        CHECK(rx == frames);
        CHECK(c->read32(RX_COUNT + 4 * 7) == frames / 10);  // 10 source ports, equal shares
        CHECK(c->read32(TX_COUNT + 4 * 9) == frames / kPorts);
    }
}

TEST_CASE("malformed and unknown frames drop with the right reason, by hand", "[pipeline]") {
    GoldenModel golden;
    RtlModel rtl;
    for (RegisterDevice* dev : {static_cast<RegisterDevice*>(&golden), static_cast<RegisterDevice*>(&rtl)})
        program_default_tables(*dev, kPorts);
    auto both = [&](const HeaderSlice& s) {
        const PipelineDecision g = golden.decide(s), r = rtl.decide(s);
        INFO(mismatch_report(s, g, r, rtl.cycles(), "by-hand case"));
        REQUIRE(g == r);
        return g;
    };
    FrameFields f = fields_for(make_packet(7, 2, 9, 512, 0));
    f.vlan_tags = 0;
    f.frame_bytes = 63;
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::runt));
    f.frame_bytes = 9217;
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::oversize));
    f.frame_bytes = 9216;
    CHECK(both(build_frame(f)).port == 9);
    HeaderSlice cut = build_frame(f);
    cut.valid_bytes = 13;  // ends inside the EtherType
    CHECK(both(cut).reason == static_cast<uint8_t>(ReasonCode::truncated));
    f.dst_mac = 0x02000000AB00ull;  // not in the table
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::l2_miss));
    f.vlan_tags = 1;
    f.vid = 2;  // known MAC, wrong VLAN
    f.dst_mac = port_mac(9);
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::l2_miss));
    f.dst_mac = 0xFFFFFFFFFFFFull;  // broadcast floods to every port but the source
    const PipelineDecision b = both(build_frame(f));
    CHECK(b.flood);
    CHECK(b.mask == ~uint64_t{4});
    // unknown unicast floods once CTRL says so
    for (RegisterDevice* dev : {static_cast<RegisterDevice*>(&golden), static_cast<RegisterDevice*>(&rtl)})
        dev->write32(CTRL, kCtrlFloodUnknown | (1u << kCtrlPvidShift));
    f.dst_mac = 0x02000000AB00ull;
    CHECK(both(build_frame(f)).flood);
    // drop counters by hand: runt, oversize, truncated, 2 x l2_miss
    for (RegisterDevice* dev : {static_cast<RegisterDevice*>(&golden), static_cast<RegisterDevice*>(&rtl)}) {
        CHECK(dev->read32(REASON_COUNT + 4 * 1) == 1);
        CHECK(dev->read32(REASON_COUNT + 4 * 2) == 1);
        CHECK(dev->read32(REASON_COUNT + 4 * 3) == 1);
        CHECK(dev->read32(REASON_COUNT + 4 * 4) == 2);
        CHECK(dev->read32(FLOOD_COUNT) == 2);
        dev->write32(COUNTER_CLEAR, 0);
        CHECK(dev->read32(REASON_COUNT + 4 * 4) == 0);
    }
}

TEST_CASE("the register map over TLM-2.0: reset values, read-back, bad accesses", "[pipeline]") {
    RtlModel rtl;
    RegisterTarget target("regs", rtl);
    RegisterClient c(target.forward_interface());
    CHECK(c.read32(ID) == kIdValue);
    CHECK(c.read32(PORTS) == kPorts);
    CHECK(c.read32(L2_SETS) == kL2Sets);
    CHECK(c.read32(L2_WAYS) == kL2Ways);
    CHECK(c.read32(DEPTH) == kDepth);
    CHECK(c.read32(MAX_FRAME) == kResetMaxFrame);
    CHECK(c.read32(CTRL) == kResetPvid << kCtrlPvidShift);
    TableProgrammer<RegisterClient> prog(c);
    prog.write_l2(77, true, 0xABC, 0x123456789ABCull, 42);
    prog.write_l2(78, false, 0, 0, 0);
    c.write32(L2_CMD, kL2CmdRead | 77);
    CHECK(c.read32(L2_MAC_LO) == 0x56789ABCu);
    CHECK(c.read32(L2_MAC_HI) == ((0xABCu << 16) | 0x1234u));
    CHECK(c.read32(L2_RESULT) == (kL2ResultValid | 42u));
    c.write32(L2_CMD, kL2CmdRead | 78);
    CHECK(c.read32(L2_RESULT) == 0);
    CHECK(c.read32(0xFFC) == 0);  // unmapped
    // a 2-byte or unaligned access is answered with an error, which the client reports
    tlm::tlm_generic_payload gp;
    uint32_t data = 0;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(ID);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    gp.set_data_length(2);
    sc_core::sc_time t = sc_core::SC_ZERO_TIME;
    target.forward_interface().b_transport(gp, t);
    CHECK(gp.get_response_status() == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK_THROWS_AS(c.read32(0x002), ModelInconsistency);
}

TEST_CASE("an RTL assertion catches a key stored in two ways", "[pipeline]") {
    RtlModel rtl;
    TableProgrammer<RtlModel> prog(rtl);
    const uint32_t set = l2_set_index(1, port_mac(9), log2_exact(kL2Sets));
    prog.write_l2(set * kL2Ways + 0, true, 1, port_mac(9), 9);
    prog.write_l2(set * kL2Ways + 1, true, 1, port_mac(9), 9);
    FrameFields f = fields_for(make_packet(1, 0, 9, 256, 0));
    CHECK_THROWS_AS(rtl.decide(build_frame(f)), ModelInconsistency);
}

// The AXI-Stream rule on the upstream's side: a beat the RTL has not taken must stay as it
// is. The assertion compares with a copy kept only while stalled (rtl/eth_header_parser.sv).
TEST_CASE("an RTL assertion catches a stalled input beat that changes", "[pipeline]") {
    for (const bool change : {false, true}) {
        RtlModel rtl;
        program_default_tables(rtl, kPorts);
        const HeaderSlice a = build_frame(make_packet(1, 0, 9, 128, 0));
        const HeaderSlice b = build_frame(make_packet(2, 1, 9, 128, 0));
        rtl.set_decision_ready(false);  // decisions back up until the input stalls
        int accepted = 0;
        for (;;) {
            rtl.drive(&a);
            if (!rtl.tick().header_accepted) break;
            REQUIRE(++accepted <= 8);
        }
        CHECK(accepted == kDepth);  // each of the pipeline's stages holds one header
        rtl.drive(change ? &b : &a);
        if (change)
            CHECK_THROWS_AS(rtl.tick(), ModelInconsistency);
        else
            CHECK_NOTHROW(rtl.tick());
    }
}

TEST_CASE("the RTL takes one header per clock and decides in its depth", "[pipeline]") {
    RtlModel rtl;
    program_default_tables(rtl, kPorts);
    std::vector<HeaderSlice> frames;
    for (int i = 0; i < 50; ++i) frames.push_back(build_frame(make_packet(i, i % 64, (i * 7) % 64, 128, 0)));
    size_t next = 0, decided = 0;
    rtl.drive(&frames[0]);
    const uint64_t start = rtl.cycles();
    while (decided < frames.size()) {
        const RtlModel::Edge e = rtl.tick();
        if (e.header_accepted) {
            ++next;
            rtl.drive(next < frames.size() ? &frames[next] : nullptr);
        }
        if (e.decision_taken) {
            CHECK(e.decision.port == (decided * 7) % 64);
            CHECK(e.decision.latency == kDepth);
            ++decided;
        }
    }
    // 50 headers in 50 clocks, the last decision kDepth clocks later (then taken)
    CHECK(rtl.cycles() - start == frames.size() + kDepth);
}

namespace {
// A report without what differs by construction between the pipelines of one scenario:
// wall-clock times, the parameters (switch.pipeline), the RTL's simulated clocks.
nlohmann::json comparable(nlohmann::json r) {
    r = without_machine_fields(std::move(r));
    r.erase("parameters");
    for (auto& p : r["pipelines"]) p.erase("rtl_clocks_simulated");
    return r;
}
}  // namespace

TEST_CASE("golden, rtl and checked pipelines give identical reports, overrun included", "[pipeline][run]") {
    // The pipelines share one schedule on the core clock, so for a given seed the whole
    // report is the same. Second scenario: 8 ports of 400G in one pipeline at 64 B and full
    // load need 8 x 400e9 / (84 x 8) = 4.76 G headers/s of a 1.25 GHz pipeline: it overruns.
    const std::string base = source_path("configs/default.yaml") + " --set sim.duration_us=6 --set sim.warmup_us=1";
    for (const std::string& scenario :
         {base + " --set switch.ports=16 --set traffic.broadcast_fraction=0.02 --set traffic.classes=4",
          base + " --set switch.ports=8 --set switch.port_speed=400G --set switch.pipelines=1"
                 " --set traffic.packet_bytes=64 --set traffic.load=1 --set switch.pipeline_fifo_headers=16"}) {
        const auto golden = run_cposim("run " + scenario + " --set switch.pipeline=golden", true);
        INFO(scenario << "\n" << golden.output);
        REQUIRE(golden.exit_code == 0);
        for (const char* kind : {"rtl", "checked"}) {
            const auto r = run_cposim("run " + scenario + " --set switch.pipeline=" + kind, true);
            INFO(kind << "\n" << r.output);
            REQUIRE(r.exit_code == 0);
            CHECK(comparable(r.report) == comparable(golden.report));
        }
        CHECK(golden.report["packets"]["delivered"].get<int64_t>() > 0);
    }
}

TEST_CASE("rtl runs write the RTL's waves next to the model's", "[pipeline][run]") {
    const std::string vcd = temp_path("waves.vcd");
    const auto r = run_cposim("run " + source_path("configs/default.yaml") +
                              " --set switch.ports=4 --set sim.duration_us=0.2 --set sim.warmup_us=0"
                              " --set switch.pipeline=rtl --vcd " + vcd);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(vcd + ".rtl.vcd");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("s_axis_tready") != std::string::npos);
    CHECK(text.str().find("m_dec_valid") != std::string::npos);
    std::remove(vcd.c_str());
    std::remove((vcd + ".rtl.vcd").c_str());
}

namespace {

uint64_t big_endian64(const std::vector<unsigned char>& b, size_t at) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) v = (v << 8) | b.at(at + i);
    return v;
}

void count_change(void* count, uint64_t, fstHandle, const unsigned char*) {
    ++*static_cast<uint64_t*>(count);
}

}  // namespace

// No FST tool (gtkwave's fst2vcd, fstminer) is installed, so the file is checked twice:
// (1) by its bytes, per the FST format (gtkwave fstapi.c): a chain of blocks, each a type
// byte and a big-endian 8-byte length that counts itself; first the 330-byte header block
// (type 0, length 329, e at offset 25 as the endianness test), and a finished file holds
// hierarchy, geometry and value-change blocks and no unfinished (255) block; (2) read back
// with GTKWave's own FST reader (fstapi, which Verilator ships and links for its writer).
TEST_CASE("rtl runs write the RTL's waves in FST when switch.rtl_waves=fst", "[pipeline][run]") {
    const std::string vcd = temp_path("waves_fst.vcd");
    const std::string fst = vcd + ".rtl.fst";
    const auto r = run_cposim("run " + source_path("configs/default.yaml") +
                              " --set switch.ports=4 --set sim.duration_us=0.2 --set sim.warmup_us=0"
                              " --set switch.pipeline=rtl --set switch.rtl_waves=fst --vcd " + vcd);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(std::ifstream(vcd + ".rtl.vcd").good());  // FST instead of, not besides, VCD

    std::ifstream in(fst, std::ios::binary);
    REQUIRE(in.good());
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 330);
    CHECK(bytes[0] == FST_BL_HDR);
    CHECK(big_endian64(bytes, 1) == 329);
    double endian_test = 0;
    std::memcpy(&endian_test, &bytes[25], sizeof endian_test);
    CHECK(endian_test == 2.7182818284590452354);
    CHECK(big_endian64(bytes, 17) > big_endian64(bytes, 9));  // end time after start time
    std::set<int> types;
    size_t at = 0;
    while (at + 9 <= bytes.size()) {
        const uint64_t length = big_endian64(bytes, at + 1);
        REQUIRE(length >= 8);
        types.insert(bytes[at]);
        at += 1 + length;
    }
    CHECK(at == bytes.size());  // the blocks tile the file exactly
    CHECK(types.count(FST_BL_SKIP) == 0);
    CHECK(types.count(FST_BL_GEOM) == 1);
    CHECK((types.count(FST_BL_HIER) + types.count(FST_BL_HIER_LZ4) + types.count(FST_BL_HIER_LZ4DUO)) == 1);
    CHECK((types.count(FST_BL_VCDATA) + types.count(FST_BL_VCDATA_DYN_ALIAS) +
           types.count(FST_BL_VCDATA_DYN_ALIAS2)) >= 1);

    void* reader = fstReaderOpen(fst.c_str());
    REQUIRE(reader != nullptr);
    CHECK(fstReaderGetVarCount(reader) > 10);
    CHECK(fstReaderGetEndTime(reader) > 0);
    std::set<std::string> names;
    while (const fstHier* h = fstReaderIterateHier(reader))
        if (h->htyp == FST_HT_VAR) names.insert(h->u.var.name);
    CHECK(names.count("s_axis_tready") == 1);
    CHECK(names.count("m_dec_valid") == 1);
    uint64_t changes = 0;
    fstReaderSetFacProcessMaskAll(reader);
    CHECK(fstReaderIterBlocks(reader, count_change, &changes, nullptr) != 0);
    CHECK(changes > 100);
    fstReaderClose(reader);
    std::remove(vcd.c_str());
    std::remove(fst.c_str());
}

TEST_CASE("a switch larger than the pipeline is a precise configuration error", "[pipeline][run]") {
    const auto r = run_cposim("run " + source_path("configs/default.yaml") +
                              " --set switch.ports=128 --set switch.pipeline=golden");
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("at most 64 ports") != std::string::npos);
}

TEST_CASE("routed IPv4 by hand: longest prefix, ECMP by 5-tuple hash, checks, ACL", "[pipeline]") {
    GoldenModel golden;
    RtlModel rtl;
    const uint64_t router = 0x02000000FF00ull;
    for (RegisterDevice* dev : {static_cast<RegisterDevice*>(&golden), static_cast<RegisterDevice*>(&rtl)}) {
        RegisterDevice& b = *dev;
        program_default_tables(b, kPorts);
        b.write32(ROUTER_MAC_LO, static_cast<uint32_t>(router));
        b.write32(ROUTER_MAC_HI, kRouteEnable | static_cast<uint32_t>(router >> 32));
        for (uint32_t m = 0; m < 8; ++m) b.write32(ECMP_CMD, kTableWrite | ((20 + m) << 8) | m);
        // 10.0.0.0/8 -> member 0 (port 20); 10.5.0.0/16 -> members 4..7 (ports 24..27)
        b.write32(LPM_PREFIX, 0x0A000000);
        b.write32(LPM_RESULT, (1u << 31) | (1u << 16) | (0u << 8) | 8);
        b.write32(LPM_CMD, kTableWrite | 3);
        b.write32(LPM_PREFIX, 0x0A050000);
        b.write32(LPM_RESULT, (1u << 31) | (4u << 16) | (4u << 8) | 16);
        b.write32(LPM_CMD, kTableWrite | 9);
        // ACL 0: drop UDP to 4791 from source port 2; ACL 1: TCP gets class 5
        const uint64_t v0 = acl_key(2, 0, 17, 4791), m0 = acl_key(0x3F, 0, 0xFF, 0xFFFF);
        b.write32(ACL_VAL_LO, static_cast<uint32_t>(v0));
        b.write32(ACL_VAL_HI, static_cast<uint32_t>(v0 >> 32));
        b.write32(ACL_MASK_LO, static_cast<uint32_t>(m0));
        b.write32(ACL_MASK_HI, static_cast<uint32_t>(m0 >> 32));
        b.write32(ACL_CMD, kTableWrite | kAclValid | (1u << 8) | 0);
        const uint64_t v1 = acl_key(0, 0, 6, 0), m1 = acl_key(0, 0, 0xFF, 0);
        b.write32(ACL_VAL_LO, static_cast<uint32_t>(v1));
        b.write32(ACL_VAL_HI, static_cast<uint32_t>(v1 >> 32));
        b.write32(ACL_MASK_LO, static_cast<uint32_t>(m1));
        b.write32(ACL_MASK_HI, static_cast<uint32_t>(m1 >> 32));
        b.write32(ACL_CMD, kTableWrite | kAclValid | (5u << 12) | (2u << 8) | 1);
    }
    auto both = [&](const HeaderSlice& s) {
        const PipelineDecision g = golden.decide(s), r = rtl.decide(s);
        INFO(mismatch_report(s, g, r, rtl.cycles(), "by-hand case"));
        REQUIRE(g == r);
        return g;
    };
    FrameFields f = fields_for(make_packet(0x42, 3, 9, 256, 0));
    f.vlan_tags = 0;
    f.l3 = L3Kind::ipv4;
    f.dst_mac = router;
    f.ipv4_src = 0xC0A80001;
    f.l4_src = 1000;
    f.l4_dst = 2000;
    auto member = [&](uint32_t dst, int base, int n) {
        // hash: the XOR of the 13 bytes of {src, dst, proto, sport, dport}
        uint32_t h = 17;
        for (uint32_t x : {f.ipv4_src, dst}) h ^= (x >> 24) ^ (x >> 16) ^ (x >> 8) ^ x;
        h ^= (1000 >> 8) ^ 1000 ^ (2000 >> 8) ^ 2000;
        h &= 0xFF;
        return 20 + base + static_cast<int>((h * static_cast<uint32_t>(n)) >> 8);
    };
    std::set<int> spread;
    // The hash folds the tuple's bytes into 8 bits and the member is its top bits, so hosts
    // must differ beyond the low 6 bits to reach every member.
    for (uint32_t host = 1; host < 255; ++host) {
        f.ipv4_dst = 0x0A050000 | host;
        const PipelineDecision d = both(build_frame(f));
        REQUIRE(!d.drop);
        CHECK(d.port == member(f.ipv4_dst, 4, 4));
        spread.insert(d.port);
    }
    CHECK(spread.size() == 4);  // all four members used
    f.ipv4_dst = 0x0A060001;    // only the /8 matches
    CHECK(both(build_frame(f)).port == 20);
    f.ipv4_dst = 0x0B000001;    // nothing matches
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::no_route));
    f.ipv4_dst = 0x0A050001;
    f.ttl = 1;
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::ttl_expired));
    f.ttl = 64;
    HeaderSlice bad = build_frame(f);
    bad.bytes[14 + 11] ^= 1;
    CHECK(both(bad).reason == static_cast<uint8_t>(ReasonCode::bad_ipv4_checksum));
    f.ipv4_option_words = 3;  // IHL 8: still forwarded, options are checksummed
    CHECK(both(build_frame(f)).port == member(f.ipv4_dst, 4, 4));
    f.frame_bytes = 80;       // total length 62 fits; then a shorter frame than it says
    CHECK(!both(build_frame(f)).drop);
    HeaderSlice shorter = build_frame(f);
    shorter.frame_bytes = 79;
    CHECK(both(shorter).reason == static_cast<uint8_t>(ReasonCode::bad_ipv4_length));
    f.frame_bytes = 256;
    f.ipv4_option_words = 0;
    f.l3 = L3Kind::ipv6;      // routing is IPv4 only
    CHECK(both(build_frame(f)).reason == static_cast<uint8_t>(ReasonCode::unknown_ethertype));
    // the ACL: UDP 4791 from port 2 dropped, even when bridged; TCP reclassified
    FrameFields u = fields_for(make_packet(0x43, 2, 9, 256, 3));
    u.l3 = L3Kind::ipv4;
    CHECK(both(build_frame(u)).reason == static_cast<uint8_t>(ReasonCode::acl_deny));
    u.src_port = 4;
    CHECK(both(build_frame(u)).port == 9);
    u.ip_proto = 6;
    const PipelineDecision t = both(build_frame(u));
    CHECK(t.port == 9);
    CHECK(t.tc == 5);
}

TEST_CASE("checked mode stops at the first mismatch with a readable report", "[pipeline]") {
    CheckedPipeline checked("", 800);
    RegisterClient g(checked.golden().registers().forward_interface());
    RegisterClient r(checked.rtl().registers().forward_interface());
    program_default_tables(g, kPorts);
    program_default_tables(r, kPorts);
    const Packet same = make_packet(5, 1, 2, 300, 0);
    checked.header_enters(same, 10);  // clocked: the header enters at clock 10 ...
    CHECK(checked.decide(same).egress_port == 2);  // ... and its decision is asked for
    // the RTL alone learns a second entry: frames to it now differ (forward vs l2_miss)
    TableProgrammer<RegisterClient> rtl_only(r);
    const uint32_t set = l2_set_index(1, port_mac(128), log2_exact(kL2Sets));
    rtl_only.write_l2(set * kL2Ways + 3, true, 1, port_mac(128), 7);
    Packet to_new = make_packet(6, 1, 128, 300, 0);  // dst MAC 02:00:00:00:00:80
    checked.header_enters(to_new, 40);
    try {
        checked.decide(to_new);
        FAIL("no mismatch reported");
    } catch (const ModelInconsistency& e) {
        const std::string m = e.what();
        INFO(m);
        CHECK(m.find("mismatch") != std::string::npos);
        CHECK(m.find("packet 6") != std::string::npos);
        CHECK(m.find("02 00 00 00 00 80") != std::string::npos);  // the frame bytes
        CHECK(m.find("golden: drop l2_miss") != std::string::npos);
        CHECK(m.find("rtl:    forward port 7") != std::string::npos);
        CHECK(m.find("RTL clock") != std::string::npos);
    }
}

TEST_CASE("the packet rate limit: line rate down to the knee frame size, pipeline-bound below", "[pipeline][run]") {
    // 8 ports of 400G, 2 pipelines of 4 ports at 1.25 GHz: a pipeline keeps up while
    // 4 x 400e9 / ((B + 20) x 8) <= 1.25e9, i.e. B >= 140 B. At full load below the knee it
    // carries one header per clock: accepted load (B + 20) / 160.
    const int knee = 4 * 400 / 10 - 20;
    int measured_knee = 0;
    for (int bytes : {256, 180, 140, 120, 100, 64}) {
        const auto r = run_cposim("run " + source_path("configs/default.yaml") +
                                      " --set switch.ports=8 --set switch.port_speed=400G --set switch.pipelines=2"
                                      " --set switch.pipeline=golden --set traffic.load=1 --set sim.duration_us=4"
                                      " --set sim.warmup_us=1 --set traffic.packet_bytes=" + std::to_string(bytes),
                                  true);
        INFO(bytes << " B\n" << r.output);
        REQUIRE(r.exit_code == 0);
        const double expected = std::min(1.0, (bytes + 20.0) / (knee + 20.0));
        CHECK(r.report["throughput"]["accepted_load"].get<double>() == Approx(expected).epsilon(0.02));
        const bool overrun = r.report["packets"]["dropped"]["pipeline_overrun"].get<int64_t>() > 0;
        CHECK(overrun == (bytes < knee));
        if (!overrun) measured_knee = bytes;  // the smallest frame carried at line rate
    }
    CHECK(measured_knee == knee);
    // Pipelines must split the ports into equal blocks (only clocked pipelines care).
    const std::string three = "run " + source_path("configs/default.yaml") +
                              " --set switch.ports=8 --set switch.pipelines=3 --set sim.duration_us=1 --set sim.warmup_us=0";
    const auto bad = run_cposim(three + " --set switch.pipeline=golden");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("switch.pipelines: 3 pipelines do not split the 8 ports"));
    CHECK(run_cposim(three).exit_code == 0);  // destination: no pipelines to split
}

namespace {
// Every signal of a VCD file by its full dotted name: (time, value) changes in order.
std::map<std::string, std::vector<std::pair<int64_t, std::string>>> read_vcd(const std::string& path) {
    std::map<std::string, std::vector<std::string>> names_of_id;
    std::map<std::string, std::vector<std::pair<int64_t, std::string>>> signals;
    std::vector<std::string> scope;
    std::ifstream in(path);
    std::string line;
    bool body = false;
    int64_t t = 0;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string w;
        if (!(words >> w)) continue;
        if (!body) {
            if (w == "$scope") {
                std::string kind, name;
                words >> kind >> name;
                scope.push_back(name);
            } else if (w == "$upscope") {
                scope.pop_back();
            } else if (w == "$var") {
                std::string type, width, id, name, full;
                words >> type >> width >> id >> name;
                for (const auto& s : scope) full += s + ".";
                names_of_id[id].push_back(full + name);
            } else if (w == "$enddefinitions") {
                body = true;
            }
            continue;
        }
        if (w[0] == '#') {
            t = std::stoll(w.substr(1));
            continue;
        }
        std::string value, id;
        if (w[0] == 'b' || w[0] == 'r') {
            value = w.substr(1);
            words >> id;
        } else if (std::strchr("01xz", w[0])) {
            value = w.substr(0, 1);
            id = w.substr(1);
        } else {
            continue;
        }
        for (const auto& n : names_of_id[id]) signals[n].emplace_back(t, value);
    }
    return signals;
}
// The value of a signal at time t (its last change at or before t).
std::string value_at(const std::vector<std::pair<int64_t, std::string>>& changes, int64_t t) {
    std::string v = "x";
    for (const auto& [when, what] : changes)
        if (when <= t) v = what;
    return v;
}
}  // namespace

TEST_CASE("one time axis: each header enters the RTL at the clock edge the model's waves record", "[pipeline][run][waves]") {
    // The run's waves file holds the model's signals and, under switch.pipeline<k>.fwd, the
    // RTL's, both in picoseconds of simulated time. Wherever the model counts a header
    // entering pipeline 0, the RTL's clock rises at that very time with s_axis_tvalid and
    // s_axis_tready high: the handshake of that header.
    const std::string vcd = temp_path("cosim.vcd");
    const auto r = run_cposim("run " + source_path("configs/default.yaml") +
                              " --set switch.ports=4 --set sim.duration_us=0.6 --set sim.warmup_us=0"
                              " --set switch.pipeline=rtl --vcd " + vcd);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto waves = read_vcd(vcd);
    REQUIRE(waves.count("switch.pipeline0.headers"));
    REQUIRE(waves.count("switch.pipeline0.fwd.clk"));
    REQUIRE(waves.count("switch.port0.queue_bytes"));  // the model's own signals are there too
    const auto& headers = waves.at("switch.pipeline0.headers");
    const auto& clk = waves.at("switch.pipeline0.fwd.clk");
    const auto& tvalid = waves.at("switch.pipeline0.fwd.s_axis_tvalid");
    const auto& tready = waves.at("switch.pipeline0.fwd.s_axis_tready");
    int checked = 0;
    for (size_t i = 1; i < headers.size(); ++i) {  // [0] is the initial value at time 0
        const int64_t t = headers[i].first;
        INFO("header " << i << " at " << t << " ps");
        CHECK(std::find(clk.begin(), clk.end(), std::make_pair(t, std::string("1"))) != clk.end());
        CHECK(value_at(tvalid, t) == "1");
        CHECK(value_at(tready, t) == "1");
        ++checked;
    }
    CHECK(checked > 20);
    // waves/cosim.gtkw, which opens this view, names only signals the file has.
    std::ifstream gtkw(source_path("waves/cosim.gtkw"));
    int named = 0;
    for (std::string line; std::getline(gtkw, line);) {
        if (line.empty() || std::strchr("[@-*", line[0])) continue;
        INFO(line);
        CHECK(waves.count(line.substr(0, line.find('['))) == 1);
        ++named;
    }
    CHECK(named >= 10);
    for (const std::string& f : {vcd, vcd + ".rtl.vcd", vcd + ".rtl1.vcd"}) std::remove(f.c_str());
}
