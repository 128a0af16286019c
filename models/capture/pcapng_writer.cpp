#include "pcapng_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "atomic_file.h"
#include "errors.h"

namespace cposim {

namespace {

constexpr uint32_t kSectionHeader = 0x0A0D0D0A, kByteOrder = 0x1A2B3C4D;
constexpr uint32_t kInterfaceBlock = 1, kEnhancedPacket = 6;
constexpr uint16_t kLinkTypeEthernet = 1;
constexpr uint16_t kOptComment = 1, kOptIfName = 2, kOptIfDescription = 3, kOptTsResol = 9, kOptFcsLen = 13;

// Appends little-endian fields and options to a block under construction (this host's
// order: the section header's byte-order magic tells readers which it is).
struct Block {
    std::vector<uint8_t>& b;
    void u8(uint8_t v) { b.push_back(v); }
    void u16(uint16_t v) { append(&v, 2); }
    void u32(uint32_t v) { append(&v, 4); }
    void u64(uint64_t v) { append(&v, 8); }
    void append(const void* p, size_t n) {
        const auto* c = static_cast<const uint8_t*>(p);
        b.insert(b.end(), c, c + n);
    }
    void pad4() {
        while (b.size() % 4) b.push_back(0);
    }
    void option(uint16_t code, const void* value, uint16_t len) {
        u16(code);
        u16(len);
        append(value, len);
        pad4();
    }
    void option(uint16_t code, const std::string& text) {
        option(code, text.data(), static_cast<uint16_t>(std::min<size_t>(text.size(), 0xFFF0)));
    }
    void end_options() {
        u16(0);
        u16(0);
    }
    // type and a length placeholder; finish() fills in the length and repeats it
    void start(uint32_t type) {
        b.clear();
        u32(type);
        u32(0);
    }
    void finish() {
        const uint32_t total = static_cast<uint32_t>(b.size() + 4);
        std::memcpy(b.data() + 4, &total, 4);
        u32(total);
    }
};

}  // namespace

PcapngWriter::PcapngWriter(const std::string& path)
    : path_(path), file_(std::fopen(partial_path(path).c_str(), "wb")) {
    if (!file_) throw ConfigError(path + ": cannot write the capture: " + std::strerror(errno));
    Block b{block_};
    b.start(kSectionHeader);
    b.u32(kByteOrder);
    b.u16(1);  // version 1.0
    b.u16(0);
    b.u64(~uint64_t{0});  // section length not given
    b.option(4, std::string("cposim"));  // shb_userappl
    b.end_options();
    b.finish();
    put(block_);
}

PcapngWriter::~PcapngWriter() {
    if (file_) std::fclose(file_);  // not closed: the .partial stays, incomplete and named so
}

void PcapngWriter::close() {
    if (!file_) return;
    const bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok) throw ConfigError(path_ + ": cannot write the capture: " + std::strerror(errno));
    commit_partial(path_);
}

uint32_t PcapngWriter::add_interface(const std::string& name, const std::string& description) {
    Block b{block_};
    b.start(kInterfaceBlock);
    b.u16(kLinkTypeEthernet);
    b.u16(0);
    b.u32(0);  // no snapshot length
    b.option(kOptIfName, name);
    b.option(kOptIfDescription, description);
    const uint8_t picoseconds = 12, no_fcs = 0;
    b.option(kOptTsResol, &picoseconds, 1);
    b.option(kOptFcsLen, &no_fcs, 1);
    b.end_options();
    b.finish();
    put(block_);
    return interfaces_++;
}

void PcapngWriter::write(uint32_t interface, int64_t time_ps, const uint8_t* data, uint32_t captured,
                         uint32_t original, const std::string& comment) {
    Block b{block_};
    b.start(kEnhancedPacket);
    b.u32(interface);
    const uint64_t t = static_cast<uint64_t>(time_ps);
    b.u32(static_cast<uint32_t>(t >> 32));
    b.u32(static_cast<uint32_t>(t));
    b.u32(captured);
    b.u32(original);
    b.append(data, captured);
    b.pad4();
    if (!comment.empty()) {
        b.option(kOptComment, comment);
        b.end_options();
    }
    b.finish();
    put(block_);
    ++frames_;
}

void PcapngWriter::put(const std::vector<uint8_t>& block) {
    if (std::fwrite(block.data(), 1, block.size(), file_) != block.size())
        throw ConfigError(path_ + ": cannot write the capture: " + std::strerror(errno));
}

}  // namespace cposim
