// A frame read from a capture file (pcap or pcapng): its bytes as captured, which the capture
// owns for the whole run, and its lengths. A Packet that replays it points here
// (Packet::capture), so the forwarding pipeline parses the real header and egress captures
// write the real bytes.
#pragma once

#include <cstdint>

namespace cposim {

struct CapturedFrame {
    const uint8_t* data = nullptr;
    uint32_t captured_bytes = 0;  // bytes in the file (a snapshot length may have cut the frame)
    uint32_t original_bytes = 0;  // the frame's length as the capture recorded it
    uint8_t fcs_bytes = 0;        // the frame as recorded ends with its FCS (0 or 4 bytes)
    uint32_t interface = 0;       // pcapng interface id (0 in a pcap file)
    uint64_t record = 0;          // 1-based number of the frame in the file, as Wireshark counts
    int64_t time_ps = 0;          // timestamp, from the earliest frame of the file

    bool complete() const { return captured_bytes >= original_bytes; }
};

}  // namespace cposim
