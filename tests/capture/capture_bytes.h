// Capture files written byte by byte in tests (little- or big-endian pcap, pcapng blocks),
// so that the reader is checked against files nobody's writer made.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

struct ByteWriter {
    std::vector<uint8_t> b;
    bool big_endian = false;
    void u8(uint32_t v) { b.push_back(static_cast<uint8_t>(v)); }
    void u16(uint32_t v) {
        if (big_endian) { u8(v >> 8); u8(v); } else { u8(v); u8(v >> 8); }
    }
    void u32(uint32_t v) {
        if (big_endian) { u16(v >> 16); u16(v); } else { u16(v); u16(v >> 16); }
    }
    void bytes(const std::vector<uint8_t>& x) { b.insert(b.end(), x.begin(), x.end()); }
    void pad4() { while (b.size() % 4) b.push_back(0); }
    void save(const std::string& path) const {
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()),
                                                     static_cast<std::streamsize>(b.size()));
    }
};

// pcap global header: magic (micro or nano), version 2.4, snaplen 65535, `link_field`
inline void pcap_header(ByteWriter& w, bool nano, uint32_t link_field = 1) {
    w.u32(nano ? 0xA1B23C4D : 0xA1B2C3D4);
    w.u16(2);
    w.u16(4);
    w.u32(0);
    w.u32(0);
    w.u32(65535);
    w.u32(link_field);
}

inline void pcap_record(ByteWriter& w, uint32_t sec, uint32_t frac, const std::vector<uint8_t>& data,
                        uint32_t original) {
    w.u32(sec);
    w.u32(frac);
    w.u32(static_cast<uint32_t>(data.size()));
    w.u32(original);
    w.bytes(data);
}

// pcapng blocks: section header, interface (link type, if_tsresol), enhanced packet
inline void pcapng_section(ByteWriter& w) {
    w.u32(0x0A0D0D0A);
    w.u32(28);
    w.u32(0x1A2B3C4D);
    w.u16(1);
    w.u16(0);
    w.u32(0xFFFFFFFF);
    w.u32(0xFFFFFFFF);
    w.u32(28);
}

inline void pcapng_interface(ByteWriter& w, uint16_t link_type, uint8_t tsresol) {
    w.u32(1);
    w.u32(32);
    w.u16(link_type);
    w.u16(0);
    w.u32(0);
    w.u16(9);  // if_tsresol
    w.u16(1);
    w.u8(tsresol);
    w.pad4();
    w.u16(0);  // end of options
    w.u16(0);
    w.u32(32);
}

inline void pcapng_packet(ByteWriter& w, uint32_t interface, uint64_t ts, const std::vector<uint8_t>& data,
                          uint32_t original) {
    const uint32_t total = 32 + ((static_cast<uint32_t>(data.size()) + 3) & ~3u);
    w.u32(6);
    w.u32(total);
    w.u32(interface);
    w.u32(static_cast<uint32_t>(ts >> 32));
    w.u32(static_cast<uint32_t>(ts));
    w.u32(static_cast<uint32_t>(data.size()));
    w.u32(original);
    w.bytes(data);
    w.pad4();
    w.u32(total);
}
