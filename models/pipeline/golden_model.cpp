#include "golden_model.h"

#include <algorithm>
#include <cstring>

#include "header_parse.h"
#include "l2_hash.h"

namespace cposim::fwd {

namespace {

constexpr int kSetBits = log2_exact(kL2Sets);
constexpr uint32_t kPortMask = kPorts - 1;  // kPorts is a power of two (kPortBits-bit numbers)
constexpr uint32_t kWordAddrMask = kRegAddrMask & ~3u;  // addr[1:0] ignored
constexpr uint32_t kAclHiMask = (1u << (kAclKeyBits - 32)) - 1;  // ACL_*_HI: key bits 32 and up
// LPM_RESULT bits the RTL keeps: [5:0] length, [12:8] ECMP base, [19:16] members, valid
constexpr uint32_t kLpmResultBits = kLpmResultValid | (0xFu << 16) |
                                    ((uint32_t{kEcmpMembers} - 1) << 8) | 0x3Fu;

}  // namespace

void GoldenModel::reset() {
    flood_unknown_ = false;
    pvid_ = kResetPvid;
    max_frame_ = kResetMaxFrame;
    res_valid_ = false;
    route_enable_ = false;
    for (auto& e : l2_) e.key &= ~L2Entry::kValid;
    for (auto& e : lpm_) e.valid = false;
    for (auto& e : acl_) e.valid = false;
    acl_in_use_ = false;
    reason_count_.fill(0);
    rx_count_.fill(0);
    tx_count_.fill(0);
    flood_count_ = 0;
}

uint32_t GoldenModel::read32(uint32_t addr) {
    const uint32_t a = addr & kWordAddrMask;
    const uint32_t bank = a >> 8, word = (a >> 2) & (kPortsMax - 1);  // 64 words per bank
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
                case ROUTER_MAC_LO: return router_mac_lo_;
                case ROUTER_MAC_HI: return (route_enable_ ? kRouteEnable : 0u) | router_mac_hi_;
                case LPM_PREFIX: return lpm_prefix_;
                case LPM_RESULT: return lpm_result_;
                case ACL_VAL_LO: return acl_val_lo_;
                case ACL_VAL_HI: return acl_val_hi_;
                case ACL_MASK_LO: return acl_mask_lo_;
                case ACL_MASK_HI: return acl_mask_hi_;
                default: return 0;
            }
        case REASON_COUNT >> 8: return word < kReasonCodes ? reason_count_[word] : 0;
        case RX_COUNT >> 8: return word < kPorts ? rx_count_[word] : 0;
        case TX_COUNT >> 8: return word < kPorts ? tx_count_[word] : 0;
        default: return 0;
    }
}

void GoldenModel::write32(uint32_t addr, uint32_t data) {
    switch (addr & kWordAddrMask) {
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
                e.key = (res_valid_ ? L2Entry::kValid : 0) | L2Entry::key_of(vid_, (uint64_t{mac_hi_} << 32) | mac_lo_);
                e.port = res_port_;
            } else if (data & kL2CmdRead) {
                res_valid_ = (e.key & L2Entry::kValid) != 0;
                vid_ = static_cast<uint16_t>((e.key >> 48) & 0xFFF);
                mac_hi_ = static_cast<uint16_t>(e.key >> 32);
                mac_lo_ = static_cast<uint32_t>(e.key);
                res_port_ = e.port;
            }
            break;
        }
        case ROUTER_MAC_LO: router_mac_lo_ = data; break;
        case ROUTER_MAC_HI:
            router_mac_hi_ = data & 0xFFFF;
            route_enable_ = data & kRouteEnable;
            break;
        case LPM_PREFIX: lpm_prefix_ = data; break;
        case LPM_RESULT: lpm_result_ = data & kLpmResultBits; break;
        case LPM_CMD:
            if (data & kTableWrite) {
                LpmEntry& e = lpm_[data & (kLpmEntries - 1)];
                e.valid = (lpm_result_ & kLpmResultValid) != 0;
                e.prefix = lpm_prefix_;
                e.length = static_cast<uint8_t>(std::min<uint32_t>(lpm_result_ & 0x3F, 32));
                e.base = static_cast<uint8_t>((lpm_result_ >> 8) & (kEcmpMembers - 1));
                e.count = static_cast<uint8_t>((lpm_result_ >> 16) & 0xF);
            }
            break;
        case ECMP_CMD:
            if (data & kTableWrite)
                ecmp_[data & (kEcmpMembers - 1)] = static_cast<uint8_t>((data >> 8) & kPortMask);
            break;
        case ACL_VAL_LO: acl_val_lo_ = data; break;
        case ACL_VAL_HI: acl_val_hi_ = data & kAclHiMask; break;
        case ACL_MASK_LO: acl_mask_lo_ = data; break;
        case ACL_MASK_HI: acl_mask_hi_ = data & kAclHiMask; break;
        case ACL_CMD:
            if (data & kTableWrite) {
                AclEntry& e = acl_[data & (kAclEntries - 1)];
                e.valid = data & kAclValid;
                e.value = (uint64_t{acl_val_hi_} << 32) | acl_val_lo_;
                e.mask = (uint64_t{acl_mask_hi_} << 32) | acl_mask_lo_;
                e.action = static_cast<uint8_t>((data >> 8) & 3);
                e.tc = static_cast<uint8_t>((data >> 12) & 7);
                acl_in_use_ = std::any_of(acl_.begin(), acl_.end(), [](const AclEntry& a) { return a.valid; });
            }
            break;
        case COUNTER_CLEAR:
            reason_count_.fill(0);
            rx_count_.fill(0);
            tx_count_.fill(0);
            flood_count_ = 0;
            break;
        default: break;
    }
}

namespace {

uint64_t dst_mac_of(const HeaderSlice& slice) {  // bytes past the slice read as zero
    uint64_t dst_mac = 0;
    if (slice.valid_bytes >= 6) {  // one load of the first 8 bytes, byte-swapped
        uint64_t first8;
        std::memcpy(&first8, slice.bytes.data(), 8);
        dst_mac = __builtin_bswap64(first8) >> 16;
    } else {
        for (int i = 0; i < 6; ++i) dst_mac = (dst_mac << 8) | (i < slice.valid_bytes ? slice.bytes[static_cast<size_t>(i)] : 0u);
    }
    return dst_mac;
}

}  // namespace

// The steps both decisions share, inlined into each.

[[gnu::always_inline]] inline GoldenModel::L2Hit GoldenModel::lookup_l2(const HeaderFields& hf, uint64_t dst_mac) const {
    // S2: L2 lookup; untagged frames are in the port VLAN
    const uint32_t tagged = 0u - (hf.vlan_count != 0);  // a mask: a conditional expression was a branch
    const uint16_t lookup_vid = static_cast<uint16_t>((hf.vid & tagged) | (pvid_ & ~tagged));
    const uint32_t set = l2_set_index(lookup_vid, dst_mac, kSetBits);
    L2Hit l2;
    const uint64_t probe = L2Entry::kValid | L2Entry::key_of(lookup_vid, dst_mac);
    for (int w = 0; w < kL2Ways; ++w) {  // every way compared, as the RTL does: no branch on which hits
        const L2Entry& e = l2_[set * kL2Ways + static_cast<uint32_t>(w)];
        const bool match = e.key == probe;
        l2.hit |= match;
        l2.port |= static_cast<uint8_t>(e.port & -static_cast<int>(match));  // several hits (a software bug the RTL asserts on) OR together
    }
    return l2;
}

[[gnu::always_inline]] inline PipelineDecision GoldenModel::started(uint8_t src, const ParsedHeader& ph) const {
    PipelineDecision d;
    d.src_port = src;
    d.latency = kDepth;
    d.hdr = ph.fields;
    d.tc = ph.tc;
    return d;
}

// S4: the checks of every frame, in priority order.
[[gnu::always_inline]] inline ReasonCode GoldenModel::frame_check(const HeaderSlice& slice, bool l2_truncated) const {
    if (slice.frame_bytes < kMinFrameBytes) return ReasonCode::runt;
    if (l2_truncated) return ReasonCode::truncated;
    if (slice.frame_bytes > max_frame_) return ReasonCode::oversize;
    return ReasonCode::none;
}

// S4: a bridged frame that passed the checks: flooded (group address, or unknown with
// flooding on), forwarded to the port the L2 table holds, or dropped as an L2 miss.
[[gnu::always_inline]] inline ReasonCode GoldenModel::bridge(uint64_t dst_mac, L2Hit l2, PipelineDecision& d,
                                                             uint8_t& out_port) const {
    const bool group = (dst_mac >> 40) & 1;
    if (group || (!l2.hit && flood_unknown_)) {
        d.flood = true;
        return ReasonCode::none;
    }
    out_port = l2.port;
    return l2.hit ? ReasonCode::none : ReasonCode::l2_miss;
}

// The decision's reason, port and mask, and the counters.
[[gnu::always_inline]] inline void GoldenModel::finish(PipelineDecision& d, ReasonCode r, uint8_t out_port) {
    d.reason = static_cast<uint8_t>(r);
    d.drop = r != ReasonCode::none;
    d.port = d.drop ? 0 : out_port;
    if (d.drop)
        d.mask = 0;
    else if (d.flood)
        d.mask = ~(uint64_t{1} << d.src_port);
    else
        d.mask = uint64_t{1} << out_port;

    ++reason_count_[d.reason];
    if (!d.drop && d.flood) ++flood_count_;
    if (!d.drop && !d.flood) ++tx_count_[d.port];
}

PipelineDecision GoldenModel::decide(const HeaderSlice& slice, Fields fields) {
    const uint64_t dst_mac = dst_mac_of(slice);
    // A bridged frame with no ACL in use is decided by its L2 header and class alone: asked
    // for the decision only, the model parses no further (its L3/L4 fields read zero).
    if (fields == Fields::decision_only && decides_by_l2(dst_mac)) return decide_bridged(slice, dst_mac);

    // S1 and S2's L3/L4 parse (eth_header_parser.sv, l3_parser.sv). The header checksum and
    // the flow hash decide only routed frames: the RTL computes them for every frame, the
    // model, asked for the decision alone, only where they show.
    const bool routed = routes(dst_mac);
    const ParsedHeader ph = parse_header(slice, fields == Fields::all || routed);
    const HeaderFields& hf = ph.fields;
    const uint8_t src = slice.src_port & kPortMask;
    ++rx_count_[src];
    const L2Hit l2 = lookup_l2(hf, dst_mac);

    // S2: the checks of a routed frame, in priority order
    ReasonCode l3_reason = ReasonCode::none;
    if (!ph.is_ipv4)
        l3_reason = ReasonCode::unknown_ethertype;
    else if (hf.ipv4_checks & HeaderFields::kIpv4Truncated)
        l3_reason = ReasonCode::truncated;
    else if (hf.ipv4_checks & HeaderFields::kIpv4BadHeader)
        l3_reason = ReasonCode::bad_ipv4_header;
    else if (hf.ipv4_checks & HeaderFields::kIpv4BadChecksum)
        l3_reason = ReasonCode::bad_ipv4_checksum;
    else if (hf.ipv4_checks & HeaderFields::kIpv4BadLength)
        l3_reason = ReasonCode::bad_ipv4_length;
    else if (hf.ttl <= 1)
        l3_reason = ReasonCode::ttl_expired;
    const uint32_t ipv4_dst = ph.ipv4_dst, proto = hf.proto, dport = hf.l4_dst, flow_hash = ph.flow_hash;
    const uint32_t ethertype = hf.ethertype;

    // S3: LPM (longest length wins, then the lowest index), ACL (lowest index wins)
    bool lpm_hit = false;
    uint8_t best_len = 0, base = 0, count = 0;
    for (const LpmEntry& e : lpm_) {
        if (!routed) break;
        const uint32_t mask = e.length == 0 ? 0 : e.length >= 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> e.length);
        if (e.valid && ((ipv4_dst ^ e.prefix) & mask) == 0 && (!lpm_hit || e.length > best_len)) {
            lpm_hit = true;
            best_len = e.length;
            base = e.base;
            count = e.count;
        }
    }
    const uint64_t key = acl_key(src, ethertype, proto, dport);
    const AclEntry* acl = nullptr;
    if (acl_in_use_)
        for (const AclEntry& e : acl_)
            if (e.valid && ((key ^ e.value) & e.mask) == 0) {
                acl = &e;
                break;
            }

    // S4: ECMP member, decision (reasons in priority order)
    const uint32_t n = count == 0 ? 1 : std::min<uint32_t>(count, kEcmpGroupMax);
    const uint8_t ecmp_port = ecmp_[(base + ((flow_hash * n) >> 8)) & (kEcmpMembers - 1)];
    PipelineDecision d = started(src, ph);
    ReasonCode r = frame_check(slice, ph.l2_truncated);
    uint8_t out_port = 0;
    if (r == ReasonCode::none && routed) {
        if (l3_reason != ReasonCode::none)
            r = l3_reason;
        else if (!lpm_hit)
            r = ReasonCode::no_route;
        else
            out_port = ecmp_port;
    } else if (r == ReasonCode::none) {
        r = bridge(dst_mac, l2, d, out_port);
    }
    if (r == ReasonCode::none && acl && acl->action == static_cast<uint8_t>(AclAction::drop)) {
        r = ReasonCode::acl_deny;
        d.flood = false;
        out_port = 0;
    }
    if (acl && acl->action == static_cast<uint8_t>(AclAction::set_class)) d.tc = acl->tc;
    finish(d, r, out_port);
    return d;
}

PipelineDecision GoldenModel::decide_bridged(const HeaderSlice& slice, uint64_t dst_mac) {
    const ParsedHeader ph = parse_l2(slice);
    const uint8_t src = slice.src_port & kPortMask;
    ++rx_count_[src];
    const L2Hit l2 = lookup_l2(ph.fields, dst_mac);
    PipelineDecision d = started(src, ph);
    ReasonCode r = frame_check(slice, ph.l2_truncated);
    uint8_t out_port = 0;
    if (r == ReasonCode::none) r = bridge(dst_mac, l2, d, out_port);
    finish(d, r, out_port);
    return d;
}

}  // namespace cposim::fwd
