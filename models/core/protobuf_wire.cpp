#include "protobuf_wire.h"

#include <utility>

#include "errors.h"

namespace cposim {

ProtobufReader::ProtobufReader(std::string_view data, std::string what, size_t base_offset)
    : data_(data), what_(std::move(what)), base_(base_offset) {}

void ProtobufReader::fail(const std::string& problem) const {
    throw ConfigError(what_ + ": byte " + std::to_string(base_ + field_start_) + ": " + problem);
}

uint64_t ProtobufReader::varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos_ >= data_.size()) fail("truncated varint");
        const auto byte = static_cast<uint8_t>(data_[pos_++]);
        v |= static_cast<uint64_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return v;
    }
    fail("varint longer than 10 bytes");
}

std::string_view ProtobufReader::length_delimited() {
    field_start_ = pos_;
    const uint64_t n = varint();
    if (n > data_.size() - pos_)
        fail("a length of " + std::to_string(n) + " bytes runs past the end (" + std::to_string(data_.size() - pos_) +
             " left)");
    std::string_view out = data_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return out;
}

WireField ProtobufReader::next() {
    field_start_ = pos_;
    const uint64_t key = varint();
    WireField f;
    f.number = static_cast<uint32_t>(key >> 3);
    if (f.number == 0 || key >> 3 > 0x1FFFFFFF) fail("field number " + std::to_string(key >> 3) + " is not valid");
    const auto type = static_cast<uint8_t>(key & 7);
    auto fixed = [&](size_t n) {
        if (data_.size() - pos_ < n) fail("truncated " + std::to_string(n * 8) + "-bit field " + std::to_string(f.number));
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
        pos_ += n;
        return v;
    };
    switch (type) {
        case 0: f.type = WireType::varint; f.value = varint(); break;
        case 1: f.type = WireType::fixed64; f.value = fixed(8); break;
        case 5: f.type = WireType::fixed32; f.value = fixed(4); break;
        case 2: {
            const size_t start = field_start_;
            f.type = WireType::length_delimited;
            f.bytes = length_delimited();
            field_start_ = start;
            break;
        }
        default: fail("wire type " + std::to_string(type) + " of field " + std::to_string(f.number) + " is not supported");
    }
    return f;
}

ProtobufReader ProtobufReader::nested(const WireField& f, const std::string& what) const {
    if (f.type != WireType::length_delimited) fail("field " + std::to_string(f.number) + " should be a nested message");
    const size_t offset = static_cast<size_t>(f.bytes.data() - data_.data());
    return ProtobufReader(f.bytes, what, base_ + offset);
}

}  // namespace cposim
