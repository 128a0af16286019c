#include "golden_model.h"

#include "l2_hash.h"

namespace cposim::fwd {

namespace {

constexpr int kSetBits = log2_exact(kL2Sets);
constexpr uint32_t kPortMask = kPorts - 1;  // kPorts is a power of two (6-bit port numbers)

}  // namespace

void GoldenModel::reset() {
    flood_unknown_ = false;
    pvid_ = kResetPvid;
    max_frame_ = kResetMaxFrame;
    res_valid_ = false;
    for (auto& e : l2_) e.valid = false;
    reason_count_.fill(0);
    rx_count_.fill(0);
    tx_count_.fill(0);
    flood_count_ = 0;
}

uint32_t GoldenModel::read32(uint32_t addr) {
    const uint32_t a = addr & 0xFFC;
    const uint32_t bank = a >> 8, word = (a >> 2) & 0x3F;
    switch (bank) {
        case 0:
            switch (a) {
                case ID: return kIdValue;
                case PORTS: return kPorts;
                case CTRL: return (uint32_t{pvid_} << kCtrlPvidShift) | (flood_unknown_ ? 1u : 0u);
                case MAX_FRAME: return max_frame_;
                case L2_MAC_LO: return mac_lo_;
                case L2_MAC_HI: return (uint32_t{vid_} << 16) | mac_hi_;
                case L2_RESULT: return (res_valid_ ? kL2ResultValid : 0u) | res_port_;
                case FLOOD_COUNT: return flood_count_;
                case L2_SETS: return kL2Sets;
                case L2_WAYS: return kL2Ways;
                case DEPTH: return kDepth;
                default: return 0;
            }
        case 1: return word < kReasonCodes ? reason_count_[word] : 0;
        case 2: return word < kPorts ? rx_count_[word] : 0;
        case 3: return word < kPorts ? tx_count_[word] : 0;
        default: return 0;
    }
}

void GoldenModel::write32(uint32_t addr, uint32_t data) {
    switch (addr & 0xFFC) {
        case CTRL:
            flood_unknown_ = data & kCtrlFloodUnknown;
            pvid_ = (data >> kCtrlPvidShift) & 0xFFF;
            break;
        case MAX_FRAME: max_frame_ = data & 0xFFFF; break;
        case L2_MAC_LO: mac_lo_ = data; break;
        case L2_MAC_HI:
            mac_hi_ = data & 0xFFFF;
            vid_ = (data >> 16) & 0xFFF;
            break;
        case L2_RESULT:
            res_port_ = data & kPortMask;
            res_valid_ = data & kL2ResultValid;
            break;
        case L2_CMD: {
            const uint32_t index = data & 0xFFFF;
            if (index >= kL2Entries) break;  // ignored, as in the RTL
            L2Entry& e = l2_[index];
            if (data & kL2CmdWrite) {
                e.valid = res_valid_;
                e.vid = vid_;
                e.mac = (uint64_t{mac_hi_} << 32) | mac_lo_;
                e.port = res_port_;
            } else if (data & kL2CmdRead) {
                res_valid_ = e.valid;
                vid_ = e.vid;
                mac_hi_ = static_cast<uint16_t>(e.mac >> 32);
                mac_lo_ = static_cast<uint32_t>(e.mac);
                res_port_ = e.port;
            }
            break;
        }
        case COUNTER_CLEAR:
            reason_count_.fill(0);
            rx_count_.fill(0);
            tx_count_.fill(0);
            flood_count_ = 0;
            break;
        default: break;
    }
}

PipelineDecision GoldenModel::decide(const HeaderSlice& slice) {
    // S1, eth_header_parser: lanes past the slice read as zero
    const int valid = slice.valid_bytes;
    auto byte = [&](int i) -> uint32_t { return i < valid ? slice.bytes[static_cast<size_t>(i)] : 0; };
    auto be16 = [&](int i) { return (byte(i) << 8) | byte(i + 1); };
    uint64_t dst_mac = 0;
    for (int i = 0; i < 6; ++i) dst_mac = (dst_mac << 8) | byte(i);
    const uint32_t type12 = be16(12), tci14 = be16(14), type16 = be16(16), tci18 = be16(18);
    int vlan_count = 0;
    uint16_t vid = 0;
    uint8_t pcp = 0;
    bool truncated;  // m_runt: the slice ends before the last byte the decode looked at
    if (type12 == 0x8100) {
        vlan_count = 1;
        vid = tci14 & 0xFFF;
        pcp = static_cast<uint8_t>(tci14 >> 13);
        truncated = valid <= 17;
    } else if (type12 == 0x88A8 && type16 == 0x8100) {
        vlan_count = 2;
        vid = tci18 & 0xFFF;
        pcp = static_cast<uint8_t>(tci18 >> 13);
        truncated = valid <= 21;
    } else {
        truncated = valid <= (type12 == 0x88A8 ? 17 : 13);
    }
    const uint32_t ethertype = vlan_count == 1 ? type16 : vlan_count == 2 ? be16(20) : type12;
    const int l3 = 14 + 4 * vlan_count;
    const uint8_t src = slice.src_port & kPortMask;
    ++rx_count_[src];

    // S2: L2 lookup; untagged frames are in the port VLAN
    const uint16_t lookup_vid = vlan_count == 0 ? pvid_ : vid;
    const uint32_t set = l2_set_index(lookup_vid, dst_mac, kSetBits);
    bool hit = false;
    uint8_t port = 0;
    for (int w = 0; w < kL2Ways; ++w) {
        const L2Entry& e = l2_[set * kL2Ways + static_cast<uint32_t>(w)];
        if (e.valid && e.vid == lookup_vid && e.mac == dst_mac) {
            hit = true;
            port |= e.port;  // several hits (a software bug the RTL asserts on) OR together
        }
    }

    // S3: decision, reasons in priority order
    PipelineDecision d;
    d.src_port = src;
    // traffic class: PCP if tagged, else DSCP[5:3] of IPv4 (TOS) or IPv6 (traffic class)
    if (vlan_count)
        d.tc = pcp;
    else if (ethertype == 0x0800)
        d.tc = static_cast<uint8_t>(byte(l3 + 1) >> 5);
    else if (ethertype == 0x86DD)
        d.tc = static_cast<uint8_t>((byte(l3) >> 1) & 7);
    d.latency = kDepth;
    const bool group = (dst_mac >> 40) & 1;
    ReasonCode r = ReasonCode::none;
    if (slice.frame_bytes < kMinFrameBytes)
        r = ReasonCode::runt;
    else if (truncated)
        r = ReasonCode::truncated;
    else if (slice.frame_bytes > max_frame_)
        r = ReasonCode::oversize;
    else if (group || (!hit && flood_unknown_))
        d.flood = true;
    else if (!hit)
        r = ReasonCode::l2_miss;
    d.reason = static_cast<uint8_t>(r);
    d.drop = r != ReasonCode::none;
    if (d.drop) {
        d.mask = 0;
    } else if (d.flood) {
        d.mask = ~(uint64_t{1} << src);
    } else {
        d.port = port;
        d.mask = uint64_t{1} << port;
    }

    ++reason_count_[d.reason];
    if (!d.drop && d.flood) ++flood_count_;
    if (!d.drop && !d.flood) ++tx_count_[d.port];
    return d;
}

}  // namespace cposim::fwd
