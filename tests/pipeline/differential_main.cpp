// Randomised differential test of rtl/fwd_pipeline.sv against the C++ golden model.
//
//   pipeline_differential [--frames N] [--seed S]
//
// Frames (valid and malformed, table hits and misses, multicast) stream into the Verilated
// RTL under random tvalid gaps and m_dec_ready backpressure, in epochs; between epochs the
// tables and configuration are reprogrammed at random through the register map, the same
// on both models. Every decision is compared with the golden model's (and its latency with
// the clocks observed at the RTL's ports), and a second golden model asked for decisions
// only must decide as the first; after each epoch every register and counter of the map is
// read from all three and compared. Exit 0 and "PASS" or exit 1 with a report.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden_model.h"
#include "random_frames.h"
#include "rtl_model.h"
#include "table_programme.h"

using namespace cposim;
using namespace cposim::fwd;

namespace {

constexpr uint64_t kEpochFrames = 5000;
constexpr uint32_t kUnset = ~0u;

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct InFlight {
    HeaderSlice slice;
    PipelineDecision expected;
    uint64_t accept_cycle = 0;
    uint64_t first_valid_cycle = kUnset;
};

struct Stats {
    uint64_t frames = 0, cycles = 0, stalled_clocks = 0;
    uint64_t per_reason[kReasonCodes] = {};
    uint64_t floods = 0;
};

// Applies the same register programme to the models: the RTL, the golden model, and a
// second golden model asked for decisions only (GoldenModel::Fields::decision_only, as a
// switch run asks), whose decisions and counters must be the golden model's.
struct BothBuses {
    GoldenModel& g;
    RtlModel& r;
    GoldenModel& lean;
    void write32(uint32_t a, uint32_t d) {
        g.write32(a, d);
        r.write32(a, d);
        lean.write32(a, d);
    }
    uint32_t read32(uint32_t a) {
        const uint32_t x = g.read32(a), y = r.read32(a), z = lean.read32(a);
        if (x != y || x != z) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "register 0x%03x: golden 0x%08x, rtl 0x%08x, golden (decisions only) 0x%08x",
                          a, x, y, z);
            throw Failure(buf);
        }
        return x;
    }
};

// The decision alone (no header fields) of the model asked for decisions only against the
// golden model's.
void check_decision_only(const HeaderSlice& slice, const PipelineDecision& full, const PipelineDecision& lean,
                         uint64_t frame) {
    if (lean.drop != full.drop || lean.reason != full.reason || lean.flood != full.flood || lean.port != full.port ||
        lean.mask != full.mask || lean.tc != full.tc || lean.src_port != full.src_port || lean.latency != full.latency)
        throw Failure("golden model asked for decisions only, frame " + std::to_string(frame) + ": " +
                      lean.to_string() + "; with every field: " + full.to_string() + "; slice " + slice.to_string());
}

// The whole 12-bit register space: the mapped banks and the unmapped ones, which read 0.
void compare_all_registers(BothBuses& bus) {
    for (uint32_t a = 0; a < 0x1000; a += 4)
        if (a != L2_CMD && a != COUNTER_CLEAR) bus.read32(a);
}

// New random tables and configuration for an epoch; returns what was installed.
TablePlan reprogram(BothBuses& bus, Random& rng) {
    TablePlan plan;
    uint16_t& pvid = plan.pvid;
    uint16_t& max_frame = plan.max_frame;
    TableProgrammer<BothBuses> prog(bus);
    // clear every entry, then fill a random number of hosts
    for (uint32_t i = 0; i < kL2Entries; ++i) prog.write_l2(i, false, 0, 0, 0);
    pvid = static_cast<uint16_t>(rng.below(4) == 0 ? rng.below(4096) : 1);
    prog.set_ctrl(rng.below(3) == 0, pvid);
    max_frame = static_cast<uint16_t>(rng.below(3) == 0 ? 1518 + rng.below(200) : 9216);
    bus.write32(MAX_FRAME, max_frame);
    std::vector<L2Host>& hosts = plan.hosts;
    const uint32_t n = 1 + rng.below(kL2Entries + 32);  // sometimes more than fits: sets fill
    for (uint32_t i = 0; i < n; ++i) {
        L2Host h;
        h.vid = rng.below(2) ? pvid : static_cast<uint16_t>(rng.below(4096));
        h.mac = rng.below(2) ? port_mac(static_cast<int>(rng.below(kPorts)))
                             : (rng.next() & 0xFEFFFFFFFFFFull);
        h.port = static_cast<uint8_t>(rng.below(kPorts));
        bool duplicate = false;
        for (const auto& o : hosts) duplicate |= o.vid == h.vid && o.mac == h.mac;
        if (!duplicate && prog.add_l2(h.vid, h.mac, h.port)) hosts.push_back(h);
    }
    // read back a few entries through the staging registers
    for (int i = 0; i < 8; ++i) {
        bus.write32(L2_CMD, kL2CmdRead | rng.below(kL2Entries));
        bus.read32(L2_MAC_LO);
        bus.read32(L2_MAC_HI);
        bus.read32(L2_RESULT);
    }
    // routing: router MAC (on in 3 epochs of 4), prefixes of random lengths, ECMP groups, ACL
    plan.router_mac = rng.below(2) ? 0x02000000FF00ull : (rng.next() & 0xFEFFFFFFFFFFull);
    bus.write32(ROUTER_MAC_LO, static_cast<uint32_t>(plan.router_mac));
    bus.write32(ROUTER_MAC_HI, static_cast<uint32_t>(plan.router_mac >> 32) |
                                   (rng.below(4) ? kRouteEnable : 0u));
    for (uint32_t m = 0; m < kEcmpMembers; ++m)
        bus.write32(ECMP_CMD, kTableWrite | ((rng.below(kPorts)) << 8) | m);
    for (uint32_t e = 0; e < kLpmEntries; ++e) {
        const uint32_t len = rng.below(4) == 0 ? rng.below(40) : 8 + rng.below(17);
        const uint32_t prefix = static_cast<uint32_t>(rng.next()) &
                                (len == 0 ? 0u : len >= 32 ? ~0u : ~(0xFFFFFFFFu >> len));
        bus.write32(LPM_PREFIX, prefix);
        bus.write32(LPM_RESULT, (rng.below(8) ? (1u << 31) : 0u) | (rng.below(10) << 16) |
                                    (rng.below(32) << 8) | len);
        bus.write32(LPM_CMD, kTableWrite | e);
        bus.read32(LPM_RESULT);
        plan.prefixes.push_back(prefix);
    }
    const bool acl_on = rng.below(3) != 0;  // no ACL in use in a third of the epochs
    for (uint32_t e = 0; e < kAclEntries; ++e) {
        // match mostly on one field: an EtherType, a protocol, a port, a source port
        uint64_t mask = 0;
        switch (rng.below(4)) {
            case 0: mask = acl_key(0, 0xFFFF, 0, 0); break;
            case 1: mask = acl_key(0, 0, 0xFF, 0); break;
            case 2: mask = acl_key(0, 0, 0, 0xFFFF); break;
            default: mask = acl_key(0x3F, 0, 0, 0); break;
        }
        const uint64_t value = acl_key(static_cast<uint32_t>(rng.below(kPorts)),
                                       rng.below(2) ? 0x0800 : 0x86DD, rng.below(2) ? 17 : 6,
                                       rng.below(2) ? 4791 : rng.below(65536)) & mask;
        bus.write32(ACL_VAL_LO, static_cast<uint32_t>(value));
        bus.write32(ACL_VAL_HI, static_cast<uint32_t>(value >> 32));
        bus.write32(ACL_MASK_LO, static_cast<uint32_t>(mask));
        bus.write32(ACL_MASK_HI, static_cast<uint32_t>(mask >> 32));
        const uint32_t action = rng.below(5) == 0 ? 1 : rng.below(2) ? 0 : 2;  // drop 1 in 5
        bus.write32(ACL_CMD, kTableWrite | (acl_on && rng.below(2) ? kAclValid : 0u) | (rng.below(8) << 12) |
                                 (action << 8) | e);
    }
    if (rng.below(2)) bus.write32(COUNTER_CLEAR, 1);
    return plan;
}

void run_epoch(GoldenModel& golden, RtlModel& rtl, GoldenModel& lean, RandomFrames& gen, uint64_t frames,
               const TablePlan& plan, Stats& st) {
    Random& rng = gen.rng();
    // gap and stall probabilities in percent: none, light, heavy
    static const uint32_t levels[] = {0, 10, 60};
    const uint32_t gap = levels[rng.below(3)], stall = levels[rng.below(3)];
    std::deque<InFlight> inflight;
    const uint64_t start_cycle = rtl.cycles();
    uint64_t sent = 0;
    bool presenting = false;
    HeaderSlice current;
    while (sent < frames || presenting || !inflight.empty()) {
        if (!presenting && sent < frames && rng.below(100) >= gap) {
            current = gen.next(plan);
            rtl.drive(&current);
            presenting = true;
        }
        const bool ready = rng.below(100) >= stall;
        rtl.set_decision_ready(ready);
        if (!ready) ++st.stalled_clocks;
        const RtlModel::Edge e = rtl.tick();
        if (e.decision_taken) {
            if (inflight.empty()) throw Failure("RTL produced a decision without a header");
            const InFlight f = inflight.front();
            inflight.pop_front();
            const uint64_t seen = f.first_valid_cycle - f.accept_cycle;
            if (!e.decision.same_forwarding(f.expected) || e.decision.latency != seen ||
                (stall == 0 && e.decision.latency != f.expected.latency))
                throw Failure(mismatch_report(f.slice, f.expected, e.decision, rtl.cycles(),
                                              "frame " + std::to_string(st.frames) +
                                                  ", observed latency " + std::to_string(seen)));
            ++st.frames;
            ++st.per_reason[e.decision.reason];
            st.floods += e.decision.flood;
        }
        if (e.header_accepted) {
            // the handshake happened in the clock cycle that this tick ended
            inflight.push_back({current, golden.decide(current), rtl.cycles() - 1, kUnset});
            check_decision_only(current, inflight.back().expected,
                                lean.decide(current, GoldenModel::Fields::decision_only), sent);
            rtl.drive(nullptr);
            presenting = false;
            ++sent;
        }
        if (rtl.decision_valid()) {
            if (inflight.empty()) throw Failure("m_dec_valid with no header in flight");
            if (inflight.front().first_valid_cycle == kUnset)
                inflight.front().first_valid_cycle = rtl.cycles();
        }
        if (rtl.cycles() - start_cycle > 100 * (frames + 100))
            throw Failure("RTL stopped making progress");
    }
    rtl.set_decision_ready(true);
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t frames = 20000, seed = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if ((a == "--frames" || a == "--seed") && i + 1 < argc) {
            char* end = nullptr;
            const uint64_t v = std::strtoull(argv[++i], &end, 10);
            if (*end != '\0') {
                std::fprintf(stderr, "pipeline_differential: %s: not a number: %s\n", a.c_str(), argv[i]);
                return 2;
            }
            (a == "--frames" ? frames : seed) = v;
        } else {
            std::fprintf(stderr, "usage: pipeline_differential [--frames N] [--seed S]\n");
            return 2;
        }
    }
    const auto t0 = std::chrono::steady_clock::now();
    Stats st;
    try {
        GoldenModel golden, lean;
        RtlModel rtl;
        BothBuses bus{golden, rtl, lean};
        RandomFrames gen(seed);
        compare_all_registers(bus);  // reset values
        uint64_t done = 0;
        while (done < frames) {
            const TablePlan plan = reprogram(bus, gen.rng());
            const uint64_t n = std::min(kEpochFrames, frames - done);
            run_epoch(golden, rtl, lean, gen, n, plan, st);
            compare_all_registers(bus);
            done += n;
        }
        st.cycles = rtl.cycles();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FAIL (seed %llu): %s\n", static_cast<unsigned long long>(seed), e.what());
        return 1;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("PASS: %llu frames, %llu RTL clocks (%llu stalled), %.2f s wall, %.0f frames/s, "
                "%.2f M clocks/s\n",
                static_cast<unsigned long long>(st.frames), static_cast<unsigned long long>(st.cycles),
                static_cast<unsigned long long>(st.stalled_clocks), s, st.frames / s,
                st.cycles / s * 1e-6);
    std::printf("  decisions:");
    for (int r = 0; r < kReasonCodes; ++r)
        if (st.per_reason[r])
            std::printf(" %s %llu", r == 0 ? "forwarded" : reason_code_name(static_cast<uint8_t>(r)),
                        static_cast<unsigned long long>(st.per_reason[r]));
    std::printf(" (of which flooded %llu)\n", static_cast<unsigned long long>(st.floods));
    // a run long enough to mean anything must have exercised every outcome
    if (frames >= 10000) {
        for (int r = 0; r <= static_cast<int>(ReasonCode::acl_deny); ++r)
            if (!st.per_reason[r]) {
                std::fprintf(stderr, "FAIL: no decision with reason %s in %llu frames\n",
                             reason_code_name(static_cast<uint8_t>(r)),
                             static_cast<unsigned long long>(frames));
                return 1;
            }
        if (!st.floods) {
            std::fprintf(stderr, "FAIL: no flood decision\n");
            return 1;
        }
    }
    return 0;
}
