// A capture file read into memory: pcap (microsecond or nanosecond timestamps, either byte
// order) or pcapng (any number of sections and interfaces, enhanced packet blocks), with
// Ethernet frames only (link type 1). Formats: docs/references.md "Capture file formats".
//
// Anything else is the user's input being wrong: ConfigError naming the file and the record
// (1-based, as Wireshark numbers frames) or the byte offset, e.g.
//   x.pcap: record 17: truncated: its header announces 1514 captured bytes, 200 are left
//   x.pcapng: record 3: interface 1 has link type 113 (Linux cooked capture), not Ethernet (1)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "captured_frame.h"

namespace cposim {

class CaptureFile {
public:
    // Reads and checks the whole file; frames are in file order, their times relative to the
    // earliest timestamp of the file.
    explicit CaptureFile(const std::string& path);
    CaptureFile(const CaptureFile&) = delete;
    CaptureFile& operator=(const CaptureFile&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<CapturedFrame>& frames() const { return frames_; }
    const char* format() const { return pcapng_ ? "pcapng" : "pcap"; }
    uint32_t interfaces() const { return interfaces_; }  // interfaces declared (pcap: 1)
    // Empty, or why the frames' times cannot be simulated (more than 106 days apart): a replay
    // refuses the file, classify (which needs no times) reads it.
    const std::string& times_problem() const { return times_problem_; }

    // A timestamp as picoseconds since the epoch (wide: 1.7e9 s x 1e12 does not fit 64 bits).
    using WidePs = __int128;

private:
    void read_pcap();
    // times from the earliest frame (multi-interface captures need not be in time order)
    void set_relative_times(const std::vector<WidePs>& times);
    void read_pcapng();
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    std::vector<uint8_t> bytes_;  // the whole file: frames point into it
    std::vector<CapturedFrame> frames_;
    std::string times_problem_;
    bool pcapng_ = false;
    uint32_t interfaces_ = 0;
};

// The frame's length on the wire, FCS included (a capture without the FCS gets 4 bytes);
// pad_short: frames shorter than 64 bytes are padded to 64 as the sending MAC does (IEEE 802.3
// minimum frame, docs/references.md "IP and transport headers"; captures taken at the sender
// record frames before padding).
uint32_t wire_bytes(const CapturedFrame& f, bool pad_short);

// "Linux cooked capture (113)" for messages; "link type N" for ones not named here.
std::string link_type_name(uint32_t link_type);

}  // namespace cposim
