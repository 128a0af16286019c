#include "wire_bytes.h"

#include <algorithm>

#include "captured_frame.h"
#include "frame_builder.h"

namespace cposim {

namespace {
constexpr uint32_t kFcsBytes = 4;

void pfc_frame(const Packet& p, std::vector<uint8_t>& f) {
    const uint8_t header[] = {0x01, 0x80, 0xC2, 0x00, 0x00, 0x01,                                    // destination
                              0x02, 0x00, 0x00, 0x00, 0x00, static_cast<uint8_t>(p.src_port & 0xFF),  // the port's MAC
                              0x88, 0x08, 0x01, 0x01, 0x00, p.pfc_class_mask};  // MAC control, PFC, classes
    f.assign(std::begin(header), std::end(header));
    for (int c = 0; c < 8; ++c) {  // pause time of each class enabled, in quanta
        const uint16_t q = (p.pfc_class_mask >> c) & 1 ? p.pfc_quanta : 0;
        f.push_back(static_cast<uint8_t>(q >> 8));
        f.push_back(static_cast<uint8_t>(q));
    }
}
}  // namespace

uint32_t frame_bytes_on_wire(const Packet& p, uint32_t snaplen, std::vector<uint8_t>& out) {
    const uint32_t length = p.bytes > kFcsBytes ? p.bytes - kFcsBytes : 0;
    const uint32_t limit = snaplen ? std::min(snaplen, length) : length;
    out.clear();
    if (p.kind == PacketKind::pfc_pause) {
        pfc_frame(p, out);
    } else if (p.capture) {
        const CapturedFrame& c = *p.capture;
        // the captured bytes of the frame itself (a capture that kept the FCS: without it)
        const uint32_t data = std::min(c.captured_bytes, c.original_bytes - std::min<uint32_t>(c.fcs_bytes, c.original_bytes));
        out.assign(c.data, c.data + std::min(data, limit));
        if (!c.complete()) return length;  // a cut frame: only what was captured is known
    } else {
        const fwd::HeaderSlice s = fwd::build_frame(p);
        out.assign(s.bytes.begin(), s.bytes.begin() + std::min<uint32_t>(s.valid_bytes, limit));
    }
    out.resize(limit, 0);  // padding and payload the model does not carry: zeros
    return length;
}

}  // namespace cposim
