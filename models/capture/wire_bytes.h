// The bytes a packet carries on the wire, as a capture shows them (FCS left out): a replayed
// frame's captured bytes (padded with zeros to 60 bytes if it was padded), a generated
// frame's synthesized header (frame_builder.h) and zero payload, a PFC frame's MAC control
// header (IEEE 802.1Qbb: 01:80:c2:00:00:01, EtherType 0x8808, opcode 0x0101, class-enable
// vector, eight pause times).
#pragma once

#include <cstdint>
#include <vector>

#include "packet.h"

namespace cposim {

// Fills `out` with the first min(snaplen, known) bytes of the frame (snaplen 0: all of them)
// and returns the frame's length without its FCS. A replayed frame the capture cut has only
// its captured bytes known.
uint32_t frame_bytes_on_wire(const Packet& p, uint32_t snaplen, std::vector<uint8_t>& out);

}  // namespace cposim
