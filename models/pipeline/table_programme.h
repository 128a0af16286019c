// Programs the pipeline's tables through its register map (any RegisterDevice, or a
// RegisterClient over TLM-2.0), the way driver software would.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "register_map.h"

namespace cposim::fwd {

// An L2 table entry: {VID, MAC} -> egress port.
struct L2Host {
    uint16_t vid;
    uint64_t mac;
    uint8_t port;
};

// The hosts that fit the L2 table, in order (a host whose set is already full is left out,
// as TableProgrammer::add_l2 would), and how many did not.
struct L2HostTable {
    std::vector<L2Host> installed;
    int64_t left_out = 0;
};
L2HostTable fit_l2_hosts(const std::vector<L2Host>& hosts);

template <class Bus>
class TableProgrammer {
public:
    explicit TableProgrammer(Bus& bus) : bus_(bus) {}

    // Installs {vid, mac} -> port in the first free way of its set. Returns false (and
    // writes nothing) when the set is full.
    bool add_l2(uint16_t vid, uint64_t mac, uint8_t port);
    // Writes one entry at an explicit index (set * kL2Ways + way).
    void write_l2(uint32_t index, bool valid, uint16_t vid, uint64_t mac, uint8_t port);
    void set_ctrl(bool flood_unknown, uint16_t pvid);

private:
    Bus& bus_;
    std::array<uint8_t, kL2Sets> used_ways_{};  // ways this programmer filled per set
};

// The default programme: under it every frame of the address plan (frame_builder.h) goes
// to its packet's dst_port. PVID 1, flooding off, one L2 entry {VID 1, 02:00:00:00:00:p}
// -> p per port. Throws ConfigError if `ports` exceeds what the tables hold.
template <class Bus>
void program_default_tables(Bus& bus, int ports);

// The programme of a replayed capture: PVID 1, flooding off, routing off, one L2 entry per
// host (hosts that fit: fit_l2_hosts). Throws ConfigError if `ports` exceeds the pipeline's.
template <class Bus>
void program_hosts(Bus& bus, int ports, const std::vector<L2Host>& hosts);

}  // namespace cposim::fwd

#include "table_programme_impl.h"
