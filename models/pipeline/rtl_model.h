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

namespace cposim::fwd {

class RtlModel final : public RegisterDevice {
public:
    // waves_path: every RTL signal, empty for none; FST when it ends in ".fst" (a second
    // Verilated model, built with --trace-fst), VCD otherwise. clock_period_ps sets the
    // waves' time axis: one clock per period. Untimed use (decide()) counts RTL clocks from
    // 0; timed use (schedule()) puts clock k at round(k x period) ps of simulated time.
    explicit RtlModel(const std::string& waves_path = "", double clock_period_ps = 800);
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

    // Timed, on the switch's core clock: the header enters at clock `cycle` (counted from time
    // 0; in increasing order), then next_decision() clocks the RTL until the decision of the
    // oldest header not yet decided is taken and returns it. Clocks with nothing in the
    // pipeline are skipped, not simulated.
    void schedule(uint64_t cycle, const HeaderSlice& slice);
    PipelineDecision next_decision();
    // Timed: simulate every clock before `cycle` that has a header or one in the pipeline
    // (the decisions are kept for next_decision()).
    void run_until(uint64_t cycle);
    // For timed use: no waves until the first timed clock (call before programming).
    void hold_waves();

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

    uint64_t cycles() const;
    // Clocks of every RtlModel in this process so far (for speed measurements of runs
    // that build their pipeline inside).
    static uint64_t total_cycles() { return total_cycles_; }

private:
    // The Verilated model with its context and trace: an Engine is Model<Top, Trace> for the
    // VCD-traced (Vfwd_pipeline) or the FST-traced (Vfwd_pipeline_fst) build of the RTL.
    class Engine;
    template <class Top, class Trace>
    class Model;
    std::unique_ptr<Engine> engine_;
    static inline uint64_t total_cycles_ = 0;
};

}  // namespace cposim::fwd
