// Writes Chakra execution traces for the tests: the protobuf wire format encoded by hand
// (https://protobuf.dev/programming-guides/encoding/), field numbers from Chakra's et_def.proto
// (docs/fabric.md lists them), independently of the reader under test.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace chakra_writer {

enum NodeType { METADATA = 1, COMP = 4, SEND = 5, RECV = 6, COLL = 7 };
enum CommType {
    ALL_REDUCE = 0, REDUCE = 1, ALL_GATHER = 2, GATHER = 3, SCATTER = 4, BROADCAST = 5, ALL_TO_ALL = 6, REDUCE_SCATTER = 7,
    BARRIER = 9
};

struct Node {
    uint64_t id = 0;
    std::string name;
    int type = COMP;
    std::vector<uint64_t> deps;  // written as data_deps, packed
    uint64_t duration_us = 0;
    std::vector<std::pair<std::string, int64_t>> ints;         // int64_val attributes
    std::vector<std::pair<std::string, std::string>> strings;  // string_val attributes
};

inline void varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}
inline void key(std::string& out, int field, int wire) { varint(out, static_cast<uint64_t>(field) << 3 | static_cast<uint64_t>(wire)); }
inline void bytes(std::string& out, int field, const std::string& b) {
    key(out, field, 2);
    varint(out, b.size());
    out += b;
}
inline void uint_field(std::string& out, int field, uint64_t v) {
    key(out, field, 0);
    varint(out, v);
}

inline std::string encode_node(const Node& n) {
    std::string m;
    uint_field(m, 1, n.id);
    if (!n.name.empty()) bytes(m, 2, n.name);
    uint_field(m, 3, static_cast<uint64_t>(n.type));
    if (!n.deps.empty()) {
        std::string packed;
        for (uint64_t d : n.deps) varint(packed, d);
        bytes(m, 5, packed);
    }
    if (n.duration_us) uint_field(m, 7, n.duration_us);
    for (const auto& [name, v] : n.ints) {
        std::string a;
        bytes(a, 1, name);
        uint_field(a, 9, static_cast<uint64_t>(v));
        bytes(m, 10, a);
    }
    for (const auto& [name, v] : n.strings) {
        std::string a;
        bytes(a, 1, name);
        bytes(a, 29, v);
        bytes(m, 10, a);
    }
    return m;
}

// GlobalMetadata then each node, each prefixed by its length.
inline std::string encode_trace(const std::vector<Node>& nodes) {
    std::string out, meta;
    bytes(meta, 1, "0.0.4");
    varint(out, meta.size());
    out += meta;
    for (const Node& n : nodes) {
        const std::string m = encode_node(n);
        varint(out, m.size());
        out += m;
    }
    return out;
}

inline void write_rank(const std::string& prefix, int rank, const std::vector<Node>& nodes) {
    std::ofstream(prefix + "." + std::to_string(rank) + ".et", std::ios::binary) << encode_trace(nodes);
}

inline Node node(uint64_t id, int type, const std::string& name, std::vector<uint64_t> deps,
                 std::vector<std::pair<std::string, int64_t>> ints = {}) {
    Node n;
    n.id = id;
    n.name = name + std::to_string(id);
    n.type = type;
    n.deps = std::move(deps);
    n.ints = std::move(ints);
    return n;
}
inline Node compute(uint64_t id, uint64_t us, std::vector<uint64_t> deps = {}) {
    Node n = node(id, COMP, "compute", std::move(deps));
    n.duration_us = us;
    return n;
}
inline Node collective(uint64_t id, int comm_type, int64_t bytes, std::vector<uint64_t> deps = {}, const std::string& pg = "") {
    Node n = node(id, COLL, "coll", std::move(deps), {{"comm_type", comm_type}, {"comm_size", bytes}});
    if (!pg.empty()) n.strings = {{"pg_name", pg}};
    return n;
}
inline Node send(uint64_t id, int dst, int64_t bytes, int64_t tag, std::vector<uint64_t> deps = {}) {
    return node(id, SEND, "send", std::move(deps), {{"comm_dst", dst}, {"comm_size", bytes}, {"comm_tag", tag}});
}
inline Node recv(uint64_t id, int src, int64_t bytes, int64_t tag, std::vector<uint64_t> deps = {}) {
    return node(id, RECV, "recv", std::move(deps), {{"comm_src", src}, {"comm_size", bytes}, {"comm_tag", tag}});
}

}  // namespace chakra_writer
