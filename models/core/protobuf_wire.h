// Protocol Buffers' wire format, read by hand (https://protobuf.dev/programming-guides/encoding/):
// enough to decode messages whose schema the caller knows (the Chakra execution traces) without
// a protobuf library or generated code. A message is a sequence of fields, each a key (field
// number << 3 | wire type) then a varint, a 64-bit or 32-bit little-endian value, or a
// length-delimited run of bytes (strings, nested messages, packed repeated scalars).
// Every read checks its bounds: a truncated or malformed input throws ConfigError naming what
// was being read and the byte offset, never reads past the buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cposim {

enum class WireType : uint8_t { varint = 0, fixed64 = 1, length_delimited = 2, fixed32 = 5 };

struct WireField {
    uint32_t number = 0;
    WireType type = WireType::varint;
    uint64_t value = 0;      ///< varint, fixed64, fixed32: the raw bits
    std::string_view bytes;  ///< length-delimited: the bytes (a view into the reader's buffer)
};

class ProtobufReader {
public:
    /// what: names the input in error messages (a file, a message within it).
    ProtobufReader(std::string_view data, std::string what, size_t base_offset = 0);

    bool done() const { return pos_ >= data_.size(); }
    size_t offset() const { return base_ + pos_; }  ///< in the outermost buffer
    /// The next field; throws ConfigError on a truncated input or an unsupported wire type
    /// (the deprecated groups, 3 and 4).
    WireField next();
    uint64_t varint();
    /// A varint length then that many bytes (Chakra files: each message so prefixed).
    std::string_view length_delimited();
    /// A nested reader over a length-delimited field's bytes, offsets still in the outer buffer.
    ProtobufReader nested(const WireField& f, const std::string& what) const;

    /// Packed or not, a repeated integer field's values as they come: calls add(value) per value.
    template <typename Add>
    void repeated_varints(const WireField& f, Add add) const {
        if (f.type == WireType::varint) {
            add(f.value);
            return;
        }
        ProtobufReader packed = nested(f, what_);
        while (!packed.done()) add(packed.varint());
    }
    [[noreturn]] void fail(const std::string& problem) const;

private:
    std::string_view data_;
    std::string what_;
    size_t base_, pos_ = 0;
    size_t field_start_ = 0;  // where the field being read began, for messages
};

/// zigzag-decoded sint32/sint64.
inline int64_t zigzag_decode(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace cposim
