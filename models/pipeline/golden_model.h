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

private:
    struct L2Entry {  // 16 bytes: a set of 4 ways is one cache line
        uint64_t mac = 0;
        uint16_t vid = 0;
        uint8_t port = 0;
        bool valid = false;
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
