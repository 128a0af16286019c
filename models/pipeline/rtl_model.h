// The Verilated rtl/fwd_pipeline.sv (a --cc model) driven from plain C++: no SystemC clock,
// no pin-level signals. decide() clocks the model just enough for one frame; the
// cycle-level calls (drive/tick) let tests apply gaps and backpressure. Assertions are
// compiled in (--assert); a failed one throws ModelInconsistency.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "header_slice.h"
#include "pipeline_decision.h"
#include "register_device.h"

class Vfwd_pipeline;
class VerilatedContext;
class VerilatedVcdC;

namespace cposim::fwd {

class RtlModel final : public RegisterDevice {
public:
    // waves_path: VCD of every RTL signal, empty for none. clock_period_ps sets the VCD
    // time axis (one clock per period; the axis counts RTL clocks, not switch time).
    explicit RtlModel(const std::string& waves_path = "", uint32_t clock_period_ps = 800);
    ~RtlModel() override;
    RtlModel(const RtlModel&) = delete;
    RtlModel& operator=(const RtlModel&) = delete;

    // 1 clock each (plus 1 if a decision from decide() is still on m_dec_*: it is taken
    // first, so counters include it)
    uint32_t read32(uint32_t addr) override;
    void write32(uint32_t addr, uint32_t data) override;

    // One frame: presents the header, clocks until its decision is on m_dec_* and returns
    // it (the decision is taken on the next clock). Output always ready: kDepth clocks.
    PipelineDecision decide(const HeaderSlice& slice);

    // Cycle level. drive(): the beat on s_axis for the next clock (nullptr: tvalid low);
    // set_decision_ready(): m_dec_ready for the next clock.
    void drive(const HeaderSlice* slice);
    void set_decision_ready(bool ready);
    struct Edge {
        bool header_accepted = false;  // s_axis handshake on this clock
        bool decision_taken = false;   // m_dec handshake on this clock ...
        PipelineDecision decision;     // ... of this decision
    };
    Edge tick();
    bool decision_valid() const;
    PipelineDecision decision() const;  // what m_dec_* shows now

    uint64_t cycles() const { return cycles_; }
    // Clocks of every RtlModel in this process so far (for speed measurements of runs
    // that build their pipeline inside).
    static uint64_t total_cycles() { return total_cycles_; }

private:
    void half_cycle(uint8_t clk);
    void check_errors();
    void take_pending_decision();
    void check_hang(uint64_t start) const;  // throws when no decision came for too long
    static constexpr uint64_t kHangClocks = 1000;

    std::unique_ptr<VerilatedContext> context_;
    std::unique_ptr<Vfwd_pipeline> top_;
    struct TraceDeleter {  // defined where VerilatedVcdC is complete (or absent: no tracing)
        void operator()(VerilatedVcdC* p) const;
    };
    std::unique_ptr<VerilatedVcdC, TraceDeleter> trace_;
    uint64_t cycles_ = 0;
    static inline uint64_t total_cycles_ = 0;
    uint64_t time_ps_ = 0;
    uint32_t half_period_ps_;
};

}  // namespace cposim::fwd
