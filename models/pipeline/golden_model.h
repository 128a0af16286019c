// The bit-exact C++ golden model of rtl/fwd_pipeline.sv: same register map, same tables,
// same counters, same decision for every header slice. It has no notion of clocks: a
// decision's latency is the RTL's depth without backpressure (kDepth).
#pragma once

#include <array>
#include <cstdint>

#include "header_slice.h"
#include "pipeline_decision.h"
#include "register_device.h"
#include "register_map.h"

namespace cposim::fwd {

struct ParsedHeader;  // header_parse.h

class GoldenModel final : public RegisterDevice {
public:
    GoldenModel() { reset(); }

    // The state after rst: tables invalid, counters zero, registers at their reset values.
    void reset();

    uint32_t read32(uint32_t addr) override;
    void write32(uint32_t addr, uint32_t data) override;

    // Decides one frame and counts it, as the RTL does when the header is accepted and the
    // decision taken. Fields::all: the header fields as the RTL reports them; decision_only:
    // the IPv4 checksum and the flow hash only where they decide (routed frames), so a
    // bridged frame's checksum bit reads good (switch runs: ~260 instructions less a frame),
    // and a bridged frame's L3/L4 fields not parsed at all while no ACL is in use (they read
    // zero; the decision is the same: tests/pipeline/differential_main.cpp checks it).
    enum class Fields { all, decision_only };
    PipelineDecision decide(const HeaderSlice& slice, Fields fields = Fields::all);
    // Whether decide(slice, decision_only) parses a frame to `dst_mac` as far as its L2
    // header and class only (parse_l2): bridged, no ACL in use.
    bool decides_by_l2(uint64_t dst_mac) const { return !acl_in_use_ && !routes(dst_mac); }
    // What decide(slice, decision_only) does for such a frame: for a caller that has checked
    // decides_by_l2(dst_mac) itself (the golden pipeline, before building the header).
    PipelineDecision decide_bridged(const HeaderSlice& slice, uint64_t dst_mac);

private:
    bool routes(uint64_t dst_mac) const {  // to the router MAC with routing enabled
        return route_enable_ && dst_mac == ((uint64_t{router_mac_hi_} << 32) | router_mac_lo_);
    }
    // The steps both share (golden_model.cpp).
    struct L2Hit {
        bool hit = false;
        uint8_t port = 0;
    };
    L2Hit lookup_l2(const HeaderFields& hf, uint64_t dst_mac) const;
    PipelineDecision started(uint8_t src, const ParsedHeader& ph) const;
    ReasonCode frame_check(const HeaderSlice& slice, bool l2_truncated) const;
    ReasonCode bridge(uint64_t dst_mac, L2Hit l2, PipelineDecision& d, uint8_t& out_port) const;
    void finish(PipelineDecision& d, ReasonCode r, uint8_t out_port);

    struct L2Entry {  // 16 bytes: a set of 4 ways is one cache line
        // Valid bit, VID and MAC in one word: a way matches a lookup when it equals the
        // lookup's key with the valid bit set, one comparison.
        static constexpr uint64_t kValid = uint64_t{1} << 60;
        static uint64_t key_of(uint16_t vid, uint64_t mac) {  // VID in bits 48..59, MAC in 0..47
            return (uint64_t{vid & 0xFFFu} << 48) | (mac & 0xFFFFFFFFFFFFull);
        }
        uint64_t key = 0;  // kValid | key_of(vid, mac)
        uint8_t port = 0;
    };
    static_assert(sizeof(L2Entry) * kL2Ways <= 64, "an L2 set fits a cache line");

    // registers
    bool flood_unknown_ = false;
    uint16_t pvid_ = kResetPvid;
    uint16_t max_frame_ = kResetMaxFrame;
    uint32_t mac_lo_ = 0;
    uint16_t mac_hi_ = 0;
    uint16_t vid_ = 0;
    uint8_t res_port_ = 0;
    bool res_valid_ = false;

    alignas(64) std::array<L2Entry, kL2Entries> l2_{};

    struct LpmEntry {
        bool valid = false;
        uint32_t prefix = 0;
        uint8_t length = 0;  // 0..32
        uint8_t base = 0;    // first ECMP member
        uint8_t count = 0;   // ECMP members
    };
    struct AclEntry {
        bool valid = false;
        uint64_t value = 0, mask = 0;  // 46-bit key
        uint8_t action = 0, tc = 0;
    };
    uint32_t router_mac_lo_ = 0;
    uint16_t router_mac_hi_ = 0;
    bool route_enable_ = false;
    uint32_t lpm_prefix_ = 0;
    uint32_t lpm_result_ = 0;  // staging as written: length, base, count, valid
    uint32_t acl_val_lo_ = 0, acl_val_hi_ = 0, acl_mask_lo_ = 0, acl_mask_hi_ = 0;
    std::array<LpmEntry, kLpmEntries> lpm_{};
    std::array<uint8_t, kEcmpMembers> ecmp_{};
    std::array<AclEntry, kAclEntries> acl_{};
    bool acl_in_use_ = false;  // an entry is valid (a switch run's ACL is often empty)

    // counters (32-bit, wrapping like the RTL's)
    std::array<uint32_t, kReasonCodes> reason_count_{};
    std::array<uint32_t, kPorts> rx_count_{};
    std::array<uint32_t, kPorts> tx_count_{};
    uint32_t flood_count_ = 0;
};

}  // namespace cposim::fwd
