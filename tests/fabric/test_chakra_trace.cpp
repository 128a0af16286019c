// Chakra execution traces: the wire reader against the protobuf documentation's own encoded
// examples, a trace read back as written, and traces run on the fabric against hand
// calculations and against the same work given as workload.collective: compute nodes add
// their durations, independent nodes overlap, sends and recvs pair up, process groups run
// side by side, and a malformed or unrunnable trace is refused naming the file and node.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "chakra_trace.h"
#include "chakra_writer.h"
#include "errors.h"
#include "protobuf_wire.h"
#include "run_cposim.h"

using namespace chakra_writer;

namespace {

// The uncontended ring of test_fabric_runs.cpp: a rail fabric of 8 rails and one server,
// 800G ports, each ring neighbour leaf - spine - leaf away.
constexpr double wire_ns(double bytes) { return (bytes + 20) * 8 / 800.0; }
constexpr double frame_ns = wire_ns(4096 + 62);
constexpr double switch_ns = 110 + 200;
constexpr double trip_ns = 2 * 2 * 4.9 + 2 * 10 * 4.9 + 3 * (switch_ns + frame_ns);
constexpr int n = 8, frames = 16;
constexpr int64_t S = int64_t{n} * frames * 4096;  // 512 KiB: chunks of 16 full frames
constexpr double step_ns = frames * frame_ns + trip_ns;
constexpr double ring_ns = 2 * (n - 1) * step_ns + (2 * (n - 1) - 1) * wire_ns(64);  // ACKs ahead of chunks
const std::string rail = "--set fabric.topology=rail --set fabric.leaves=8 --set fabric.hosts_per_leaf=1 ";

CposimResult run_trace(const std::string& prefix, const std::string& sets = "") {
    return run_cposim("run " + source_path("configs/default.yaml") + " --set sim.duration_us=5000 " + rail +
                          "--set workload.trace=" + prefix + " " + sets,
                      true);
}

// The same work as workload.collective = name over the same fabric, of S.
CposimResult run_collective(const std::string& name) {
    return run_cposim("run " + source_path("configs/default.yaml") + " --set sim.duration_us=5000 " + rail +
                          "--set workload.collective=" + name + " --set workload.bytes=" + std::to_string(S),
                      true);
}

double completion_ns(const CposimResult& r) { return r.report.at("collective").at("completion_us").get<double>() * 1e3; }

// A trace's files under /tmp, removed before and after the test.
struct TraceFiles {
    std::string prefix;
    explicit TraceFiles(const std::string& stem) : prefix(temp_path(stem)) { remove(); }
    ~TraceFiles() { remove(); }
    void remove() const {
        for (int r = 0; r < 16; ++r) std::remove((prefix + "." + std::to_string(r) + ".et").c_str());
    }
    operator const std::string&() const { return prefix; }
};

}  // namespace

TEST_CASE("the protobuf wire reader decodes the encoding guide's examples and refuses truncation", "[fabric][trace]") {
    using cposim::ProtobufReader;
    using cposim::WireField;
    using cposim::WireType;
    // protobuf.dev's encoding guide: field 1 = 150 is 08 96 01; field 2 = "testing" is
    // 12 07 74 65 73 74 69 6e 67; a packed repeated field 4 of 3, 270, 86942 is 22 06 03 8e 02 9e a7 05.
    const std::string bytes = "\x08\x96\x01\x12\x07testing\x22\x06\x03\x8e\x02\x9e\xa7\x05";
    ProtobufReader r(bytes, "example");
    const WireField a = r.next();
    CHECK(a.number == 1);
    CHECK(a.type == WireType::varint);
    CHECK(a.value == 150);
    const WireField b = r.next();
    CHECK(b.number == 2);
    CHECK(std::string(b.bytes) == "testing");
    const WireField c = r.next();
    std::vector<uint64_t> values;
    r.repeated_varints(c, [&](uint64_t v) { values.push_back(v); });
    CHECK(values == std::vector<uint64_t>{3, 270, 86942});
    CHECK(r.done());
    CHECK(cposim::zigzag_decode(1) == -1);
    CHECK(cposim::zigzag_decode(4294967294ull) == 2147483647);
    CHECK(cposim::zigzag_decode(4294967295ull) == -2147483648ll);

    const std::string cut("\x08\x96", 2), short_string("\x12\x09short", 7);  // the reader views them
    ProtobufReader truncated(cut, "cut.et");
    CHECK_THROWS_WITH(truncated.next(), Catch::Contains("cut.et: byte 0: truncated varint"));
    ProtobufReader overlong(short_string, "long.et");
    CHECK_THROWS_WITH(overlong.next(), Catch::Contains("a length of 9 bytes runs past the end"));
}

TEST_CASE("a Chakra trace's nodes, dependencies and attributes read back as written", "[fabric][trace]") {
    const std::string bytes = encode_trace({compute(1, 25), collective(2, ALL_REDUCE, 1 << 20, {1}, "dp"),
                                            send(3, 2, 4096, 7, {2}), recv(4, 2, 8192, 9, {1, 3})});
    const cposim::ChakraRankTrace t = cposim::parse_chakra_rank(bytes, "rank1.et", 1);
    CHECK(t.version == "0.0.4");
    REQUIRE(t.nodes.size() == 4);
    CHECK(t.nodes[0].kind == cposim::TraceNodeKind::delay);
    CHECK(t.nodes[0].duration_us == 25);
    CHECK(t.nodes[1].kind == cposim::TraceNodeKind::collective);
    CHECK(t.nodes[1].comm_size == 1 << 20);
    CHECK(t.nodes[1].pg_name == "dp");
    CHECK(t.nodes[1].deps == std::vector<uint64_t>{1});
    CHECK(t.nodes[2].kind == cposim::TraceNodeKind::send);
    CHECK(t.nodes[2].comm_src == 1);
    CHECK(t.nodes[2].comm_dst == 2);
    CHECK(t.nodes[2].comm_tag == 7);
    CHECK(t.nodes[3].kind == cposim::TraceNodeKind::recv);
    CHECK(t.nodes[3].comm_src == 2);
    CHECK(t.nodes[3].comm_dst == 1);
    CHECK(t.nodes[3].deps == std::vector<uint64_t>{1, 3});

    Node no_size = collective(5, ALL_REDUCE, 1);
    no_size.ints = {{"comm_type", ALL_REDUCE}};
    CHECK_THROWS_WITH(cposim::parse_chakra_rank(encode_trace({no_size}), "r.et", 0),
                      Catch::Contains("r.et: node 5 (coll5): attribute comm_size is missing"));
    Node invalid = compute(6, 1);
    invalid.type = 0;
    CHECK_THROWS_WITH(cposim::parse_chakra_rank(encode_trace({invalid}), "r.et", 0), Catch::Contains("INVALID_NODE"));
    const std::string cut = bytes.substr(0, bytes.size() - 3);
    CHECK_THROWS_AS(cposim::parse_chakra_rank(cut, "r.et", 0), cposim::ConfigError);
}

TEST_CASE("a trace of one ALL_REDUCE per rank runs exactly as workload.collective=ring_allreduce", "[fabric][run][trace]") {
    const TraceFiles prefix("ring");
    for (int r = 0; r < n; ++r) write_rank(prefix, r, {collective(1, ALL_REDUCE, S)});
    const auto trace = run_trace(prefix);
    const auto direct = run_collective("ring_allreduce");
    INFO(trace.output);
    REQUIRE(trace.exit_code == 0);
    REQUIRE(direct.exit_code == 0);
    CHECK(completion_ns(trace) == completion_ns(direct));
    CHECK(completion_ns(trace) == Approx(ring_ns).epsilon(1e-6));
    CHECK(trace.report.at("transport") == direct.report.at("transport"));
    const auto& c = trace.report.at("collective").at("trace").at("collectives").at(0);
    CHECK(c.at("type") == "ALL_REDUCE");
    CHECK(c.at("algorithm") == "ring_allreduce");
    CHECK(c.at("ranks") == n);
    CHECK(c.at("busbw_gbps").get<double>() == Approx(direct.report.at("collective").at("busbw_gbps").get<double>()));
    CHECK(trace.report.at("packets").at("dropped_total") == 0);
}

TEST_CASE("a trace's BROADCAST, REDUCE, GATHER, SCATTER and BARRIER run as the same workload.collective", "[fabric][run][trace]") {
    // The root is the process group's first rank (Chakra's nodes name none); a barrier's
    // comm_size is not used.
    for (const auto& [type, name] : std::vector<std::pair<CommType, std::string>>{
             {BROADCAST, "broadcast"}, {REDUCE, "reduce"}, {GATHER, "gather"}, {SCATTER, "scatter"}, {BARRIER, "barrier"}}) {
        CAPTURE(name);
        const TraceFiles prefix("coll_" + name);
        for (int r = 0; r < n; ++r) write_rank(prefix, r, {collective(1, type, type == BARRIER ? 0 : S)});
        const auto trace = run_trace(prefix);
        const auto direct = run_collective(name);
        INFO(trace.output);
        REQUIRE(trace.exit_code == 0);
        REQUIRE(direct.exit_code == 0);
        CHECK(completion_ns(trace) == completion_ns(direct));
        CHECK(trace.report.at("transport") == direct.report.at("transport"));
        const auto& c = trace.report.at("collective").at("trace").at("collectives").at(0);
        CHECK(c.at("algorithm") == name);
        CHECK(c.at("busbw_gbps") == direct.report.at("collective").at("busbw_gbps"));
    }
}

TEST_CASE("a broadcast's root is its group's first rank and its part ends when its chunks have arrived", "[fabric][run][trace]") {
    // Group "pg" of ranks 2..5 broadcasts S; rank 2 (its first rank, the root) then computes
    // 100 us. The root awaits nothing, but its part of the collective, as a send node, ends
    // when what it sent has arrived: its 8 chunks of 16 frames back to back and the last
    // frame's trip to rank 3 (on whose link rank 4's ACKs of the first chunks rank 3 passed
    // on arrive too: up to 7 of 64 B). The others finish long before the root's compute does.
    const TraceFiles prefix("bcast_root");
    for (int r : {0, 1}) write_rank(prefix, r, {compute(1, 1)});
    write_rank(prefix, 2, {collective(1, BROADCAST, S, {}, "pg"), compute(2, 100, {1})});
    for (int r : {3, 4, 5}) write_rank(prefix, r, {collective(1, BROADCAST, S, {}, "pg")});
    const auto r = run_trace(prefix, "--set workload.tree_chunks=8");
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double root_done = 8 * frames * frame_ns + trip_ns;
    CHECK(completion_ns(r) >= root_done + 100'000 - 1e-6);
    CHECK(completion_ns(r) <= root_done + 7 * wire_ns(64) + 100'000);
    const auto& c = r.report.at("collective").at("trace").at("collectives").at(0);
    CHECK(c.at("type") == "BROADCAST");
    CHECK(c.at("ranks") == 4);
    CHECK(r.report.at("transport").at("data_frames") == 3 * 8 * frames);
}

TEST_CASE("compute nodes add their durations and independent nodes overlap", "[fabric][run][trace]") {
    // Every rank: compute 10 us, then the all-reduce, then compute 5 us; beside them a
    // compute of 60 us that depends on nothing, and a last node after both.
    const TraceFiles serial("serial"), overlap("overlap");
    for (int r = 0; r < n; ++r) {
        write_rank(serial, r, {compute(1, 10), collective(2, ALL_REDUCE, S, {1}), compute(3, 5, {2})});
        write_rank(overlap, r, {compute(1, 10), collective(2, ALL_REDUCE, S, {1}), compute(3, 5, {2}), compute(4, 60),
                                compute(5, 1, {3, 4})});
    }
    const auto a = run_trace(serial), b = run_trace(overlap);
    const auto flow = run_trace(serial, "--set fabric.fidelity=flow");
    INFO(a.output << b.output << flow.output);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    REQUIRE(flow.exit_code == 0);
    CHECK(completion_ns(a) == Approx(10'000 + ring_ns + 5'000).epsilon(1e-6));
    // The all-reduce (~27 us) and its 15 us of compute hide under the 60 us one.
    CHECK(completion_ns(b) == Approx(60'000 + 1'000).epsilon(1e-9));
    const auto& c = a.report.at("collective").at("trace").at("collectives").at(0);
    CHECK(c.at("start_us").get<double>() == Approx(10.0));
    CHECK(c.at("duration_us").get<double>() * 1e3 == Approx(ring_ns).epsilon(1e-6));
    CHECK(a.report.at("collective").at("trace").at("compute_us_busiest_rank") == 15);
    // Flow level: no ACKs ahead of the chunks, every step the same (test_fabric_runs.cpp).
    CHECK(completion_ns(flow) == Approx(10'000 + 2 * (n - 1) * step_ns + 5'000).epsilon(1e-6));
}

TEST_CASE("sends and recvs pair up by source, destination and tag: a two-stage pipeline by hand", "[fabric][run][trace]") {
    // Rank 0 computes 3 us, then sends 1 MiB (256 full frames) to rank 1, which computes 2 us
    // once it has it. Rank 1 also sends rank 0 a second message with another tag that rank 0
    // receives after its send.
    const TraceFiles prefix("p2p");
    write_rank(prefix, 0, {compute(1, 3), send(2, 1, 1 << 20, 7, {1}), recv(3, 1, 4096, 8, {2})});
    write_rank(prefix, 1, {recv(1, 0, 1 << 20, 7), compute(2, 2, {1}), send(3, 0, 4096, 8, {2})});
    const auto r = run_trace(prefix);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const double message_ns = 256 * frame_ns + trip_ns;
    const double reply_ns = frame_ns + trip_ns;
    CHECK(completion_ns(r) == Approx(3'000 + message_ns + 2'000 + reply_ns).epsilon(1e-6));
    CHECK(r.report.at("collective").at("trace").at("point_to_point_messages") == 2);
    CHECK(r.report.at("collective").at("messages_delivered") == 2);
}

TEST_CASE("process groups run side by side as workload.jobs does", "[fabric][run][trace]") {
    const TraceFiles prefix("groups");
    for (int r = 0; r < n; ++r) write_rank(prefix, r, {collective(1, ALL_REDUCE, S / 2, {}, r < 4 ? "a" : "b")});
    const auto trace = run_trace(prefix);
    const auto jobs = run_cposim("run " + source_path("configs/default.yaml") + " --set sim.duration_us=5000 " + rail +
                                     "--set workload.jobs=2 --set workload.bytes=" + std::to_string(S / 2),
                                 true);
    INFO(trace.output);
    REQUIRE(trace.exit_code == 0);
    REQUIRE(jobs.exit_code == 0);
    const auto& groups = trace.report.at("collective").at("trace").at("collectives");
    REQUIRE(groups.size() == 2);
    for (int j = 0; j < 2; ++j) {
        CHECK(groups.at(j).at("process_group") == (j == 0 ? "a" : "b"));
        CHECK(groups.at(j).at("ranks") == 4);
        CHECK(groups.at(j).at("end_us").get<double>() ==
              Approx(jobs.report.at("collective").at("jobs").at(j).at("completion_us").get<double>()));
    }
}

TEST_CASE("a trace that cannot run is refused naming the file and node", "[fabric][run][trace]") {
    auto refused = [](const std::string& prefix, const std::string& expected, const std::string& sets = "") {
        const auto r = run_trace(prefix, sets);
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(expected));
    };
    refused(temp_path("absent"), "workload.trace: no Chakra trace");
    const TraceFiles unmatched("unmatched");
    write_rank(unmatched, 0, {send(1, 1, 4096, 3)});
    write_rank(unmatched, 1, {recv(1, 0, 4096, 4)});
    refused(unmatched, ".0.et: node 1 (send1): no matching recv");
    const TraceFiles broadcast("broadcast");
    for (int r = 0; r < 2; ++r) write_rank(broadcast, r, {collective(1, BROADCAST, 4)});
    refused(broadcast, "comm_size 4 B over 8 chunks (workload.tree_chunks) leaves less than a byte per message");
    const TraceFiles sizes("sizes");
    write_rank(sizes, 0, {collective(1, ALL_REDUCE, 4096)});
    write_rank(sizes, 1, {collective(1, ALL_REDUCE, 8192)});
    refused(sizes, "ALL_REDUCE of 8192 B here but ALL_REDUCE of 4096 B");
    const TraceFiles cycle("cycle");
    write_rank(cycle, 0, {compute(1, 1, {2}), compute(2, 1, {1})});
    refused(cycle, "on a dependency cycle");
    const TraceFiles missing("missing");
    write_rank(missing, 0, {compute(1, 1, {9})});
    refused(missing, "depends on node 9, which the file does not have");
    const TraceFiles halving("halving");
    for (int r = 0; r < 3; ++r) write_rank(halving, r, {collective(1, ALL_REDUCE, 3 << 12)});
    refused(halving, "workload.trace_allreduce: halving_doubling needs a power of two ranks",
            "--set workload.trace_allreduce=halving_doubling");
    const TraceFiles big("big");
    for (int r = 0; r < 9; ++r) write_rank(big, r, {compute(1, 1)});
    refused(big, "a trace of 9 ranks, but the fabric has 8 hosts");
    const TraceFiles cut("cut");
    {
        const std::string bytes = encode_trace({compute(1, 1), compute(2, 1)});
        std::ofstream(cut.prefix + ".0.et", std::ios::binary) << bytes.substr(0, bytes.size() - 2);
    }
    refused(cut, ".0.et: byte ");
}

TEST_CASE("a GPU's NVLink sends go in the order they are posted for, not the order they are made", "[fabric][run][trace]") {
    // Two GPUs of one server (all their messages over NVLink, 3.6 Tb/s, 1 us latency). Rank 0
    // sends 1 MiB after 100 us of compute and, independently, 4 KiB after 1 us; rank 1
    // computes 200 us once it has the 4 KiB. The 4 KiB goes first whichever send the trace
    // makes first: it arrives at 1 us + 4096 x 8 / 3.6 Tb/s + 1 us, the run ends 200 us later.
    const TraceFiles prefix("nvlink");
    write_rank(prefix, 0, {compute(1, 1), send(2, 1, 4096, 2, {1}), compute(3, 100), send(4, 1, 1 << 20, 1, {3})});
    write_rank(prefix, 1, {recv(1, 0, 4096, 2), compute(2, 200, {1}), recv(3, 0, 1 << 20, 1)});
    const auto r = run_cposim("run " + source_path("configs/default.yaml") + " --set sim.duration_us=5000 " +
                                  "--set fabric.topology=rail --set fabric.leaves=2 --set fabric.hosts_per_leaf=1 "
                                  "--set host.gpus_per_server=2 --set workload.trace=" + prefix.prefix,
                              true);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(completion_ns(r) == Approx(1000 + 4096 * 8 / 3600.0 + 1000 + 200'000).margin(1));
}
