// Chakra execution traces (MLCommons Chakra, the format ASTRA-sim and SimAI read), one file per
// rank: `<prefix>.<rank>.et`, ranks 0, 1, ... until a file is missing. Each file is a
// GlobalMetadata message then Node messages, each prefixed by its length as a varint
// (schema: docs/fabric.md, "Chakra traces"). Read with the project's own wire reader
// (models/core/protobuf_wire.h): no protobuf library.
//
// What a node becomes:
//   COMP_NODE, MEM_LOAD_NODE, MEM_STORE_NODE, STORAGE_NODE, BATCH_NODE, CHECKPOINT_NODE
//                   a delay of duration_micros on its rank (compute)
//   METADATA_NODE   no delay
//   COMM_SEND_NODE  a message of comm_size bytes to rank comm_dst (tag comm_tag)
//   COMM_RECV_NODE  waits for the message of comm_size bytes from rank comm_src (tag comm_tag)
//   COMM_COLL_NODE  a collective (comm_type) of comm_size bytes among the ranks of its process
//                   group (pg_name)
// A node starts once every node it depends on (ctrl_deps and data_deps) has completed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cposim {

enum class TraceNodeKind { delay, send, recv, collective };

// Chakra's CollectiveCommType values.
enum class ChakraCollective : int {
    all_reduce = 0, reduce = 1, all_gather = 2, gather = 3, scatter = 4, broadcast = 5, all_to_all = 6,
    reduce_scatter = 7, reduce_scatter_block = 8, barrier = 9
};
const char* chakra_collective_name(int comm_type);

struct TraceNode {
    uint64_t id = 0;
    std::string name;
    int type = 0;  ///< Chakra's NodeType
    TraceNodeKind kind = TraceNodeKind::delay;
    std::vector<uint64_t> deps;  ///< ctrl_deps then data_deps
    double duration_us = 0;      ///< duration_micros (delays)
    int comm_type = -1;          ///< collectives
    int64_t comm_size = 0;       ///< bytes
    int comm_src = -1, comm_dst = -1;  ///< send: comm_dst (comm_src: its own rank); recv: comm_src
    int64_t comm_tag = 0;
    std::string pg_name;         ///< collectives: the process group ("": the default)
};

struct ChakraRankTrace {
    std::string file;
    std::string version;  ///< GlobalMetadata.version
    std::vector<TraceNode> nodes;
};

struct ChakraTrace {
    std::string prefix;
    std::vector<ChakraRankTrace> ranks;
};

/// Reads `<prefix>.0.et`, `<prefix>.1.et`, ...; throws ConfigError naming `key` when there is
/// no `<prefix>.0.et`, and the file, node and field for anything malformed.
ChakraTrace read_chakra_trace(const std::string& prefix, const std::string& key);
/// One rank's file already in memory (what: names it in errors); rank: for a send's comm_src.
ChakraRankTrace parse_chakra_rank(std::string_view bytes, const std::string& what, int rank);

}  // namespace cposim
