// libFuzzer harness: the forwarding pipeline, golden model against the RTL. The input is a
// programme of operations, each chosen by one byte:
//   0x00-0x3F  register write: 2 address bytes, 4 data bytes (both models)
//   0x40-0x7F  register read: 2 address bytes; both models must answer alike
//   0x80-0xFF  frame: 1 source-port byte, 2 length bytes, then up to 128 header bytes (the
//              low 7 bits of the op byte plus 1 give how many); both must decide alike
// Any difference aborts (a finding, with libFuzzer's reproducer); the report is printed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "golden_model.h"
#include "header_slice.h"
#include "pipeline_decision.h"
#include "register_map.h"
#include "rtl_model.h"

using namespace cposim::fwd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Both from power-up: counters and tables empty (a fresh Verilated model is a few
    // hundred microseconds; its counters cannot be cleared through the map).
    GoldenModel golden;
    const auto rtl = std::make_unique<RtlModel>();
    size_t i = 0;
    auto take = [&](size_t n) -> const uint8_t* {
        if (i + n > size) return nullptr;
        const uint8_t* p = data + i;
        i += n;
        return p;
    };
    while (i < size) {
        const uint8_t op = data[i++];
        if (op < 0x40) {
            const uint8_t* p = take(6);
            if (!p) break;
            const uint32_t addr = (uint32_t{p[0]} << 8 | p[1]) & kRegAddrMask & ~3u;
            uint32_t value;
            std::memcpy(&value, p + 2, 4);
            golden.write32(addr, value);
            rtl->write32(addr, value);
        } else if (op < 0x80) {
            const uint8_t* p = take(2);
            if (!p) break;
            const uint32_t addr = (uint32_t{p[0]} << 8 | p[1]) & kRegAddrMask & ~3u;
            const uint32_t g = golden.read32(addr), r = rtl->read32(addr);
            if (g != r) {
                std::fprintf(stderr, "register 0x%03x: golden 0x%08x, rtl 0x%08x\n", addr, g, r);
                std::abort();
            }
        } else {
            const size_t n = (op & 0x7F) + 1u;
            const uint8_t* p = take(3 + n);
            if (!p) break;
            HeaderSlice s;
            s.src_port = p[0] & (kPorts - 1);
            s.frame_bytes = static_cast<uint16_t>(uint32_t{p[1]} << 8 | p[2]);
            s.valid_bytes = static_cast<uint16_t>(n);
            std::memcpy(s.bytes.data(), p + 3, n);
            const PipelineDecision g = golden.decide(s), r = rtl->decide(s);
            if (g != r) {
                std::fprintf(stderr, "%s\n", mismatch_report(s, g, r, rtl->cycles(), "fuzzed frame").c_str());
                std::abort();
            }
        }
    }
    return 0;
}
