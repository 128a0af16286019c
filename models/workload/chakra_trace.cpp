#include "chakra_trace.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "errors.h"
#include "protobuf_wire.h"

namespace cposim {

namespace {

// Chakra's NodeType values.
enum NodeType : int {
    invalid_node = 0, metadata_node = 1, mem_load_node = 2, mem_store_node = 3, comp_node = 4, comm_send_node = 5,
    comm_recv_node = 6, comm_coll_node = 7, storage_node = 8, batch_node = 9, checkpoint_node = 10
};

struct Attribute {
    std::string name;
    bool is_integer = false, is_text = false;
    int64_t integer = 0;
    std::string text;
};

// AttributeProto: name = 1; integer values in fields 7..27 (int32/int64/uint32/uint64 as
// varints, sint32/sint64 zigzag, fixed32/fixed64/sfixed32/sfixed64, bool); string_val = 29.
Attribute read_attribute(ProtobufReader r) {
    Attribute a;
    while (!r.done()) {
        const WireField f = r.next();
        switch (f.number) {
            case 1:
                if (f.type != WireType::length_delimited) r.fail("attribute name is not a string");
                a.name = std::string(f.bytes);
                break;
            case 7: case 9: case 11: case 13: case 27:
                a.is_integer = true;
                a.integer = static_cast<int64_t>(f.value);
                break;
            case 15: case 17:
                a.is_integer = true;
                a.integer = zigzag_decode(f.value);
                break;
            case 19: case 21:
                a.is_integer = true;
                a.integer = static_cast<int64_t>(f.value);
                break;
            case 23:
                a.is_integer = true;
                a.integer = static_cast<int32_t>(static_cast<uint32_t>(f.value));
                break;
            case 25:
                a.is_integer = true;
                a.integer = static_cast<int64_t>(f.value);
                break;
            case 29:
                if (f.type != WireType::length_delimited) r.fail("string_val is not a string");
                a.is_text = true;
                a.text = std::string(f.bytes);
                break;
            default: break;  // doc_string, lists, floats: not used by the nodes we read
        }
    }
    return a;
}

TraceNode read_node(ProtobufReader r, const std::string& what, int rank) {
    TraceNode n;
    bool has_type = false, has_id = false;
    std::vector<Attribute> attrs;
    while (!r.done()) {
        const WireField f = r.next();
        switch (f.number) {
            case 1: n.id = f.value; has_id = true; break;
            case 2:
                if (f.type != WireType::length_delimited) r.fail("node name is not a string");
                n.name = std::string(f.bytes);
                break;
            case 3: n.type = static_cast<int>(f.value); has_type = true; break;
            case 4: case 5: r.repeated_varints(f, [&](uint64_t v) { n.deps.push_back(v); }); break;
            case 7: n.duration_us = static_cast<double>(f.value); break;
            case 10: attrs.push_back(read_attribute(r.nested(f, what))); break;
            default: break;  // start time, inputs, outputs, storage: not used
        }
    }
    const std::string node = what + ": node " + std::to_string(n.id) + (n.name.empty() ? "" : " (" + n.name + ")");
    if (!has_id && !has_type && n.name.empty()) throw ConfigError(node + ": an empty node");
    auto find = [&](const char* name) -> const Attribute* {
        for (const Attribute& a : attrs)
            if (a.name == name) return &a;
        return nullptr;
    };
    auto integer = [&](const char* name, bool required, int64_t fallback) -> int64_t {
        const Attribute* a = find(name);
        if (!a) {
            if (required) throw ConfigError(node + ": attribute " + name + " is missing");
            return fallback;
        }
        if (!a->is_integer) throw ConfigError(node + ": attribute " + name + " is not an integer");
        return a->integer;
    };
    auto size = [&](int64_t least) {  // a barrier may carry none
        const int64_t s = integer("comm_size", least > 0, 0);
        if (s < least || s > (int64_t{1} << 50))
            throw ConfigError(node + ": comm_size " + std::to_string(s) + " B is outside " + std::to_string(least) +
                              " B .. 1 PB");
        return s;
    };
    auto peer = [&](const char* name) {
        const int64_t p = integer(name, true, 0);
        if (p < 0 || p > (1 << 24)) throw ConfigError(node + ": " + name + " " + std::to_string(p) + " is not a rank");
        return static_cast<int>(p);
    };
    switch (n.type) {
        case metadata_node: n.kind = TraceNodeKind::delay; n.duration_us = 0; break;
        case mem_load_node: case mem_store_node: case comp_node: case storage_node: case batch_node: case checkpoint_node:
            n.kind = TraceNodeKind::delay;
            break;
        case comm_send_node:
            n.kind = TraceNodeKind::send;
            n.comm_size = size(1);
            n.comm_dst = peer("comm_dst");
            n.comm_src = static_cast<int>(integer("comm_src", false, rank));
            if (n.comm_src != rank)
                throw ConfigError(node + ": comm_src " + std::to_string(n.comm_src) + " of a send on rank " +
                                  std::to_string(rank));
            n.comm_tag = integer("comm_tag", false, 0);
            break;
        case comm_recv_node:
            n.kind = TraceNodeKind::recv;
            n.comm_size = size(1);
            n.comm_src = peer("comm_src");
            n.comm_dst = rank;
            n.comm_tag = integer("comm_tag", false, 0);
            break;
        case comm_coll_node: {
            n.kind = TraceNodeKind::collective;
            const int64_t t = integer("comm_type", true, 0);
            if (t < 0 || t > static_cast<int>(ChakraCollective::barrier))
                throw ConfigError(node + ": comm_type " + std::to_string(t) + " is not a Chakra collective type");
            n.comm_type = static_cast<int>(t);
            n.comm_size = size(t == static_cast<int>(ChakraCollective::barrier) ? 0 : 1);
            if (const Attribute* pg = find("pg_name")) {
                if (pg->is_text) n.pg_name = pg->text;
                else if (pg->is_integer) n.pg_name = std::to_string(pg->integer);
            }
            break;
        }
        default:
            throw ConfigError(node + ": node type " + std::to_string(n.type) +
                              (n.type == invalid_node ? " (INVALID_NODE)" : "") + " is not one cposim runs");
    }
    if (n.kind == TraceNodeKind::delay && n.duration_us > 1e12)
        throw ConfigError(node + ": duration_micros " + std::to_string(n.duration_us) + " us is beyond 1e12 us");
    return n;
}

}  // namespace

const char* chakra_collective_name(int comm_type) {
    switch (static_cast<ChakraCollective>(comm_type)) {
        case ChakraCollective::all_reduce: return "ALL_REDUCE";
        case ChakraCollective::reduce: return "REDUCE";
        case ChakraCollective::all_gather: return "ALL_GATHER";
        case ChakraCollective::gather: return "GATHER";
        case ChakraCollective::scatter: return "SCATTER";
        case ChakraCollective::broadcast: return "BROADCAST";
        case ChakraCollective::all_to_all: return "ALL_TO_ALL";
        case ChakraCollective::reduce_scatter: return "REDUCE_SCATTER";
        case ChakraCollective::reduce_scatter_block: return "REDUCE_SCATTER_BLOCK";
        case ChakraCollective::barrier: return "BARRIER";
    }
    return "?";
}

ChakraRankTrace parse_chakra_rank(std::string_view bytes, const std::string& what, int rank) {
    ChakraRankTrace t;
    t.file = what;
    ProtobufReader file(bytes, what);
    if (file.done()) throw ConfigError(what + ": empty (a Chakra trace starts with its GlobalMetadata)");
    {  // GlobalMetadata: version = 1
        const std::string_view meta = file.length_delimited();
        ProtobufReader r(meta, what + ": GlobalMetadata", static_cast<size_t>(meta.data() - bytes.data()));
        while (!r.done()) {
            const WireField f = r.next();
            if (f.number == 1 && f.type == WireType::length_delimited) t.version = std::string(f.bytes);
        }
    }
    while (!file.done()) {
        const std::string_view node = file.length_delimited();
        t.nodes.push_back(read_node(ProtobufReader(node, what, static_cast<size_t>(node.data() - bytes.data())), what, rank));
    }
    return t;
}

ChakraTrace read_chakra_trace(const std::string& prefix, const std::string& key) {
    ChakraTrace trace;
    trace.prefix = prefix;
    for (int rank = 0;; ++rank) {
        const std::string path = prefix + "." + std::to_string(rank) + ".et";
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            if (rank == 0)
                throw ConfigError(key + ": no Chakra trace " + path + " (" + std::strerror(errno) +
                                  "); the files are <prefix>.<rank>.et, from rank 0");
            break;
        }
        std::ostringstream bytes;
        bytes << in.rdbuf();
        trace.ranks.push_back(parse_chakra_rank(bytes.str(), path, rank));
    }
    return trace;
}

}  // namespace cposim
