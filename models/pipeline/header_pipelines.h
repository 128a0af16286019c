// The header-parsing forwarding pipelines behind ForwardingPipeline: each synthesizes the
// packet's header (frame_builder.h), asks a model of rtl/fwd_pipeline.sv for the decision,
// and takes the RTL's latency as the packet's pipeline latency. They are clocked: the
// switch tells them when each header enters (header_enters) and asks for the decisions in
// that order; the RTL is then clocked on the switch's core clock.
//   GoldenPipeline   the C++ golden model (a bridged frame, with no ACL in use, built only as
//                    far as its decision reads: write_l2_prefix)
//   RtlPipeline      the Verilated RTL
//   CheckedPipeline  both; the first mismatch throws ModelInconsistency with a report
// Each model sits behind a RegisterTarget (TLM-2.0 b_transport) through which its tables
// are programmed.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "forwarding_pipeline.h"
#include "golden_model.h"
#include "register_target.h"
#include "ring_queue.h"
#include "rtl_model.h"

namespace cposim::fwd {

// Converts the RTL's decision record to the switch's ForwardingDecision. Floods are
// refused (ModelInconsistency): the switch model does not replicate frames yet.
ForwardingDecision to_forwarding_decision(const PipelineDecision& d, const Packet& packet);
DropReason drop_reason_of(uint8_t reason_code);

class GoldenPipeline final : public ForwardingPipeline {
public:
    explicit GoldenPipeline(const char* name = "pipeline_golden");
    ForwardingDecision decide(const Packet& packet) override;
    bool clocked() const override { return true; }
    uint32_t latency_cycles() const override { return kDepth; }
    GoldenModel& model() { return model_; }
    RegisterTarget& registers() { return regs_; }

private:
    GoldenModel model_;
    RegisterTarget regs_;
    HeaderSlice l2_prefix_;  // a bridged frame's bytes that decide it (write_l2_prefix): zero past them
};

class RtlPipeline final : public ForwardingPipeline {
public:
    explicit RtlPipeline(const std::string& waves_path, double clock_period_ps,
                         const char* name = "pipeline_rtl");
    ForwardingDecision decide(const Packet& packet) override;
    void header_enters(const Packet& packet, uint64_t cycle) override;
    bool clocked() const override { return true; }
    uint32_t latency_cycles() const override { return kDepth; }
    uint64_t clocks_simulated() const override { return model_.cycles(); }
    void run_until(uint64_t cycle) override { model_.run_until(cycle); }
    RtlModel& model() { return model_; }
    RegisterTarget& registers() { return regs_; }

private:
    RtlModel model_;
    RegisterTarget regs_;
};

class CheckedPipeline final : public ForwardingPipeline {
public:
    CheckedPipeline(const std::string& waves_path, double clock_period_ps, const std::string& name = "pipeline");
    ForwardingDecision decide(const Packet& packet) override;
    void header_enters(const Packet& packet, uint64_t cycle) override;
    uint64_t clocks_simulated() const override { return rtl_.clocks_simulated(); }
    void run_until(uint64_t cycle) override { rtl_.run_until(cycle); }
    bool clocked() const override { return true; }
    uint32_t latency_cycles() const override { return kDepth; }
    GoldenPipeline& golden() { return golden_; }
    RtlPipeline& rtl() { return rtl_; }
    uint64_t compared() const { return compared_; }

private:
    GoldenPipeline golden_;
    RtlPipeline rtl_;
    uint64_t compared_ = 0;
    // The golden model decides when the header enters (one header built for both); its
    // decisions wait here, with their headers for a mismatch report, for the RTL's.
    RingQueue<std::pair<HeaderSlice, PipelineDecision>> golden_decisions_;
};

}  // namespace cposim::fwd
