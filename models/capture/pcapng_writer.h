// Writes a pcapng capture (docs/references.md "Capture file formats") that Wireshark and
// tshark open: one section, Ethernet interfaces without FCS and picosecond timestamps
// (if_tsresol 12), enhanced packet blocks with an optional comment (opt_comment), which
// Wireshark shows as the frame's comment (field frame.comment).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace cposim {

class PcapngWriter {
public:
    // Writes `path` as PATH.partial (ConfigError if it cannot); close() renames it into place,
    // so a run that dies leaves no capture that looks complete (atomic_file.h).
    explicit PcapngWriter(const std::string& path);
    ~PcapngWriter();
    PcapngWriter(const PcapngWriter&) = delete;
    PcapngWriter& operator=(const PcapngWriter&) = delete;

    // Declares an Ethernet interface (if_name `name`, if_description `description`) and
    // returns its id: 0, 1, ... in order.
    uint32_t add_interface(const std::string& name, const std::string& description);
    // One frame: `captured` bytes of `data` (the frame as the wire carries it, FCS left out)
    // of a frame of `original` bytes, at time `time_ps` since the start of the run.
    void write(uint32_t interface, int64_t time_ps, const uint8_t* data, uint32_t captured, uint32_t original,
               const std::string& comment = "");
    void close();  // the capture is complete: PATH.partial becomes PATH (again: nothing)
    uint64_t frames() const { return frames_; }
    const std::string& path() const { return path_; }

private:
    void put(const std::vector<uint8_t>& block);

    std::string path_;
    std::FILE* file_ = nullptr;
    uint32_t interfaces_ = 0;
    uint64_t frames_ = 0;
    std::vector<uint8_t> block_;  // reused for every frame
};

}  // namespace cposim
