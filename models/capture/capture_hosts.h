// Where a capture's hosts sit on the switch: a host (a unicast MAC address) is on port
// MAC mod ports, so frames to it leave there, and the forwarding pipeline's L2 table gets one
// entry per host and VLAN the capture shows it in (the C-tag's VID, or the port VLAN 1 when
// untagged, as the pipeline looks it up). Under the address plan (02:00:00:00:00:p) this is
// port p again.
#pragma once

#include <cstdint>
#include <vector>

#include "capture_file.h"
#include "table_programme.h"

namespace cposim {

constexpr int host_port(uint64_t mac, int ports) { return static_cast<int>(mac % static_cast<uint64_t>(ports)); }
constexpr bool group_address(uint64_t mac) { return (mac >> 40) & 1; }  // the I/G bit

// The destination and source MACs of a frame (bytes past the captured ones read as zero).
uint64_t destination_mac(const CapturedFrame& f);
uint64_t source_mac(const CapturedFrame& f);

// Every unicast MAC the capture carries (as destination or source) in each VLAN it appears
// in, on its host_port, in the order first seen.
std::vector<fwd::L2Host> capture_hosts(const CaptureFile& capture, int ports, bool pad_short);

}  // namespace cposim
