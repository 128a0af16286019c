#include "capture_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "errors.h"

namespace cposim {

namespace {

using WidePs = CaptureFile::WidePs;
constexpr uint32_t kLinkTypeEthernet = 1;
constexpr uint32_t kPcapMagicMicro = 0xA1B2C3D4, kPcapMagicNano = 0xA1B23C4D;
constexpr uint32_t kPcapngSectionHeader = 0x0A0D0D0A, kPcapngByteOrder = 0x1A2B3C4D;
constexpr uint32_t kBlockInterface = 1, kBlockObsoletePacket = 2, kBlockSimplePacket = 3,
                   kBlockEnhancedPacket = 6;
constexpr uint16_t kOptEnd = 0, kOptTsResol = 9, kOptFcsLen = 13, kOptTsOffset = 14;
// pcap's link-type field: bit 26 says bits 28-31 hold the FCS length in 16-bit words (libpcap)
constexpr uint32_t kPcapFcsPresent = 0x04000000;

uint32_t swap32(uint32_t v) { return __builtin_bswap32(v); }

// Reads integers of one byte order from a byte range.
struct Reader {
    const uint8_t* p;
    bool swap;
    uint16_t u16(size_t at) const {
        uint16_t v;
        std::memcpy(&v, p + at, 2);
        return swap ? __builtin_bswap16(v) : v;
    }
    uint32_t u32(size_t at) const {
        uint32_t v;
        std::memcpy(&v, p + at, 4);
        return swap ? swap32(v) : v;
    }
};

struct Interface {
    uint32_t link_type = 0;
    bool binary_resolution = false;  // if_tsresol: 2^-k instead of 10^-k
    uint32_t resolution_exponent = 6;  // microseconds unless told
    int64_t offset_s = 0;
    uint8_t fcs_bytes = 0;
};

WidePs to_ps(uint64_t ticks, const Interface& i) {
    WidePs ps;
    if (i.binary_resolution)
        ps = (static_cast<WidePs>(ticks) * 1000000000000LL) >> i.resolution_exponent;
    else if (i.resolution_exponent <= 12) {
        WidePs scale = 1;
        for (uint32_t k = i.resolution_exponent; k < 12; ++k) scale *= 10;
        ps = static_cast<WidePs>(ticks) * scale;
    } else {
        WidePs div = 1;
        for (uint32_t k = 12; k < i.resolution_exponent; ++k) div *= 10;
        ps = static_cast<WidePs>(ticks) / div;
    }
    return ps + static_cast<WidePs>(i.offset_s) * 1000000000000LL;
}

std::string hex_bytes(const std::vector<uint8_t>& b, size_t n) {
    std::string s;
    char buf[8];
    for (size_t i = 0; i < n && i < b.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s0x%02x", i ? " " : "", b[i]);
        s += buf;
    }
    return s;
}

}  // namespace

std::string link_type_name(uint32_t t) {
    const char* name = nullptr;
    switch (t) {
        case 0: name = "BSD loopback"; break;
        case 1: name = "Ethernet"; break;
        case 101: name = "raw IP"; break;
        case 105: name = "IEEE 802.11"; break;
        case 113: name = "Linux cooked capture"; break;
        case 127: name = "IEEE 802.11 radiotap"; break;
        case 228: name = "raw IPv4"; break;
        case 229: name = "raw IPv6"; break;
        case 276: name = "Linux cooked capture v2"; break;
        default: break;
    }
    return name ? std::string(name) + " (" + std::to_string(t) + ")" : "link type " + std::to_string(t);
}

uint32_t wire_bytes(const CapturedFrame& f, bool pad_short) {
    const uint32_t bytes = f.original_bytes + (f.fcs_bytes ? 0u : 4u);
    return pad_short ? std::max<uint32_t>(bytes, 64) : bytes;
}

void CaptureFile::fail(const std::string& what) const { throw ConfigError(path_ + ": " + what); }

CaptureFile::CaptureFile(const std::string& path) : path_(path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(std::string("cannot open the capture: ") + std::strerror(errno));
    bytes_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (bytes_.size() < 4) fail("not a pcap or pcapng capture (" + std::to_string(bytes_.size()) + " bytes long)");
    uint32_t magic;
    std::memcpy(&magic, bytes_.data(), 4);
    if (magic == kPcapngSectionHeader) {
        pcapng_ = true;
        read_pcapng();
    } else if (magic == kPcapMagicMicro || magic == kPcapMagicNano || swap32(magic) == kPcapMagicMicro ||
               swap32(magic) == kPcapMagicNano) {
        read_pcap();
    } else {
        fail("not a pcap or pcapng capture (it starts with " + hex_bytes(bytes_, 4) + ")");
    }
}

void CaptureFile::read_pcap() {
    const size_t size = bytes_.size();
    if (size < 24) fail("truncated: a pcap file header is 24 bytes, the file has " + std::to_string(size));
    uint32_t magic;
    std::memcpy(&magic, bytes_.data(), 4);
    const bool swap = magic != kPcapMagicMicro && magic != kPcapMagicNano;
    const Reader r{bytes_.data(), swap};
    const bool nano = (swap ? swap32(magic) : magic) == kPcapMagicNano;
    const uint32_t link_field = r.u32(20);
    const uint32_t link_type = link_field & 0xFFFF;
    if (link_type != kLinkTypeEthernet)
        fail(link_type_name(link_type) + " is not Ethernet (1): cposim takes Ethernet frames");
    Interface iface;
    iface.link_type = link_type;
    iface.resolution_exponent = nano ? 9 : 6;
    if (link_field & kPcapFcsPresent) iface.fcs_bytes = static_cast<uint8_t>(2 * (link_field >> 28));
    interfaces_ = 1;
    std::vector<WidePs> times;
    size_t at = 24;
    for (uint64_t record = 1; at < size; ++record) {
        const std::string where = "record " + std::to_string(record) + ": ";
        if (size - at < 16)
            fail(where + "truncated: its header needs 16 bytes, " + std::to_string(size - at) +
                 " are left in the file");
        const uint32_t sec = r.u32(at), frac = r.u32(at + 4), captured = r.u32(at + 8), original = r.u32(at + 12);
        at += 16;
        if (captured > size - at)
            fail(where + "truncated: its header announces " + std::to_string(captured) + " captured bytes, " +
                 std::to_string(size - at) + " are left in the file");
        if (captured > original)
            fail(where + std::to_string(captured) + " bytes captured of a frame of " + std::to_string(original) +
                 " bytes: more than the frame");
        if (!nano && frac >= 1000000) fail(where + "timestamp fraction " + std::to_string(frac) + " us is a second or more");
        if (nano && frac >= 1000000000) fail(where + "timestamp fraction " + std::to_string(frac) + " ns is a second or more");
        CapturedFrame f;
        f.data = bytes_.data() + at;
        f.captured_bytes = captured;
        f.original_bytes = original;
        f.fcs_bytes = iface.fcs_bytes;
        f.record = record;
        times.push_back(to_ps(uint64_t{sec} * (nano ? 1000000000ull : 1000000ull) + frac, iface));
        frames_.push_back(f);
        at += captured;
    }
    set_relative_times(times);
}

void CaptureFile::read_pcapng() {
    const size_t size = bytes_.size();
    std::vector<Interface> ifaces;  // of the current section
    std::vector<WidePs> times;
    Reader r{bytes_.data(), false};
    uint64_t record = 0;
    size_t at = 0;
    while (at < size) {
        const std::string block_at = "block at byte " + std::to_string(at) + ": ";
        if (size - at < 12)
            fail(block_at + "truncated: a block needs at least 12 bytes, " + std::to_string(size - at) + " are left");
        uint32_t type;
        std::memcpy(&type, bytes_.data() + at, 4);
        if (type == kPcapngSectionHeader) {  // a new section, perhaps of the other byte order
            uint32_t order;
            std::memcpy(&order, bytes_.data() + at + 8, 4);
            if (order != kPcapngByteOrder && swap32(order) != kPcapngByteOrder)
                fail(block_at + "a section header whose byte-order magic is neither 0x1A2B3C4D nor its swap: "
                     "not a pcapng capture");
            r.swap = order != kPcapngByteOrder;
            ifaces.clear();
        } else {
            type = r.u32(at);
        }
        const uint32_t length = r.u32(at + 4);
        if (length < 12 || length % 4 != 0)
            fail(block_at + "block length " + std::to_string(length) + " is not a multiple of 4 of at least 12");
        const bool packet = type == kBlockEnhancedPacket || type == kBlockSimplePacket || type == kBlockObsoletePacket;
        const std::string where = packet ? "record " + std::to_string(record + 1) + ": " : block_at;
        if (length > size - at)
            fail(where + "truncated: its block announces " + std::to_string(length) + " bytes, " +
                 std::to_string(size - at) + " are left in the file");
        if (r.u32(at + length - 4) != length)
            fail(where + "block lengths at its start (" + std::to_string(length) + ") and end (" +
                 std::to_string(r.u32(at + length - 4)) + ") differ: a damaged file");
        const size_t body = at + 8, body_end = at + length - 4;
        // options from `from` to the block's end: code, length, value padded to 4 bytes
        auto options = [&](size_t from, auto&& on_option) {
            for (size_t o = from; o + 4 <= body_end;) {
                const uint16_t code = r.u16(o), len = r.u16(o + 2);
                if (code == kOptEnd) break;
                if (o + 4 + len > body_end) fail(where + "option " + std::to_string(code) + " runs past its block");
                on_option(code, o + 4, len);
                o += 4 + ((len + 3u) & ~3u);
            }
        };
        if (type == kBlockInterface) {
            if (length < 20) fail(where + "interface description block too short");
            Interface i;
            i.link_type = r.u16(body);
            options(body + 8, [&](uint16_t code, size_t v, uint16_t len) {
                if (code == kOptTsResol && len >= 1) {
                    const uint8_t res = bytes_[v];
                    i.binary_resolution = res & 0x80;
                    i.resolution_exponent = res & 0x7F;
                    if (i.binary_resolution ? i.resolution_exponent > 63 : i.resolution_exponent > 18)
                        fail(where + "interface " + std::to_string(ifaces.size()) + ": timestamp resolution " +
                             std::to_string(res) + " (if_tsresol) is finer than cposim reads");
                } else if (code == kOptTsOffset && len >= 8) {
                    const uint64_t lo = r.u32(v), hi = r.u32(v + 4);
                    i.offset_s = static_cast<int64_t>(r.swap ? (lo << 32) | hi : (hi << 32) | lo);
                } else if (code == kOptFcsLen && len >= 1) {
                    i.fcs_bytes = bytes_[v];
                }
            });
            ifaces.push_back(i);
            interfaces_ = std::max<uint32_t>(interfaces_, static_cast<uint32_t>(ifaces.size()));
        } else if (type == kBlockSimplePacket || type == kBlockObsoletePacket) {
            fail(where + (type == kBlockSimplePacket ? "a simple packet block (it has no timestamp)"
                                                     : "an obsolete packet block") +
                 ": cposim reads enhanced packet blocks only");
        } else if (type == kBlockEnhancedPacket) {
            ++record;
            if (length < 32) fail(where + "enhanced packet block too short (" + std::to_string(length) + " bytes)");
            const uint32_t id = r.u32(body), captured = r.u32(body + 12), original = r.u32(body + 16);
            if (id >= ifaces.size())
                fail(where + "interface " + std::to_string(id) + " is not described (the section declares " +
                     std::to_string(ifaces.size()) + ")");
            const Interface& i = ifaces[id];
            if (i.link_type != kLinkTypeEthernet)
                fail(where + "interface " + std::to_string(id) + " has " + link_type_name(i.link_type) +
                     ", not Ethernet (1): cposim takes Ethernet frames");
            const size_t data = body + 20;
            if (captured > body_end - data)
                fail(where + "truncated: its header announces " + std::to_string(captured) +
                     " captured bytes, the block holds " + std::to_string(body_end - data));
            if (captured > original)
                fail(where + std::to_string(captured) + " bytes captured of a frame of " + std::to_string(original) +
                     " bytes: more than the frame");
            CapturedFrame f;
            f.data = bytes_.data() + data;
            f.captured_bytes = captured;
            f.original_bytes = original;
            f.fcs_bytes = i.fcs_bytes;
            f.interface = id;
            f.record = record;
            times.push_back(to_ps((uint64_t{r.u32(body + 4)} << 32) | r.u32(body + 8), i));
            frames_.push_back(f);
        }
        at += length;
    }
    set_relative_times(times);
}

void CaptureFile::set_relative_times(const std::vector<WidePs>& times) {
    if (times.empty()) return;
    const WidePs earliest = *std::min_element(times.begin(), times.end());
    constexpr WidePs kLimit = static_cast<WidePs>(INT64_MAX);  // 106 days of picoseconds
    for (size_t i = 0; i < frames_.size(); ++i) {
        if (times[i] - earliest > kLimit) {
            if (times_problem_.empty())
                times_problem_ = path_ + ": record " + std::to_string(frames_[i].record) +
                                 ": its timestamp is more than 106 days after the earliest frame's: cposim's "
                                 "picosecond times do not reach that far";
            frames_[i].time_ps = INT64_MAX;
            continue;
        }
        frames_[i].time_ps = static_cast<int64_t>(times[i] - earliest);
    }
}

}  // namespace cposim
