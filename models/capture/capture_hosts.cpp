#include "capture_hosts.h"

#include <set>
#include <utility>

#include "frame_builder.h"
#include "header_parse.h"

namespace cposim {

namespace {
uint64_t mac_at(const CapturedFrame& f, uint32_t at) {
    uint64_t mac = 0;
    for (uint32_t i = at; i < at + 6; ++i) mac = (mac << 8) | (i < f.captured_bytes ? f.data[i] : 0u);
    return mac;
}
}  // namespace

uint64_t destination_mac(const CapturedFrame& f) { return mac_at(f, 0); }
uint64_t source_mac(const CapturedFrame& f) { return mac_at(f, 6); }

std::vector<fwd::L2Host> capture_hosts(const CaptureFile& capture, int ports, bool pad_short) {
    std::vector<fwd::L2Host> hosts;
    std::set<std::pair<uint16_t, uint64_t>> seen;
    for (const CapturedFrame& f : capture.frames()) {
        if (f.captured_bytes < 12) continue;  // no whole addresses
        const fwd::ParsedHeader h = fwd::parse_header(fwd::capture_slice(f, wire_bytes(f, pad_short), 0));
        const uint16_t vid = static_cast<uint16_t>(h.fields.vlan_count ? h.fields.vid : fwd::kResetPvid);
        for (const uint64_t mac : {destination_mac(f), source_mac(f)})
            if (!group_address(mac) && seen.insert({vid, mac}).second)
                hosts.push_back({vid, mac, static_cast<uint8_t>(host_port(mac, ports))});
    }
    return hosts;
}

}  // namespace cposim
