#include "rtl_model.h"

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include "Vfwd_pipeline.h"
#include "Vfwd_pipeline___024root.h"
#include "errors.h"
#include "ring_queue.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif
// CPOSIM_RTL_WAVES_FST: the CMake build also verilates the RTL with --trace-fst (prefix
// Vfwd_pipeline_fst); Makefile.verilator's coverage build does not
#if CPOSIM_RTL_WAVES_FST
#include "Vfwd_pipeline_fst.h"
#include "Vfwd_pipeline_fst___024root.h"
#include "verilated_fst_c.h"
#endif
#if VM_COVERAGE
#include "verilated_cov.h"
#endif

namespace cposim::fwd {

namespace {

struct NoTrace {};  // a model built without tracing

// Whether the Verilated model keeps the clock's previous value where a rising edge can be
// made without the falling one (Verilator 5: __Vtrigrprev__TOP__clk): then an untraced clock
// costs one evaluation instead of two. Without it (another Verilator), two it is.
template <class Root, class = void>
struct HasClockTrigger : std::false_type {};
template <class Root>
struct HasClockTrigger<Root, std::void_t<decltype(std::declval<Root&>().__Vtrigrprev__TOP__clk)>> : std::true_type {};

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

// What RtlModel does with the model, behind one virtual call per operation (an operation
// is at least one clock of a model of ~1 MB of generated code: the call does not show).
class RtlModel::Engine {
public:
    virtual ~Engine() = default;
    virtual void drive(const HeaderSlice* slice) = 0;
    virtual void set_decision_ready(bool ready) = 0;
    virtual Edge tick() = 0;
    virtual bool decision_valid() const = 0;
    virtual PipelineDecision decision() const = 0;
    virtual PipelineDecision decide(const HeaderSlice& slice) = 0;
    virtual void schedule(uint64_t cycle, const HeaderSlice& slice) = 0;
    virtual PipelineDecision next_decision() = 0;
    virtual void run_until(uint64_t cycle) = 0;
    virtual void hold_waves() = 0;
    virtual uint32_t read32(uint32_t addr) = 0;
    virtual void write32(uint32_t addr, uint32_t data) = 0;
    uint64_t cycles = 0;
};

// Top: Vfwd_pipeline or Vfwd_pipeline_fst (the same RTL, the same ports); Trace: the
// matching VerilatedVcdC / VerilatedFstC, or NoTrace.
template <class Top, class Trace>
class RtlModel::Model final : public RtlModel::Engine {
    static constexpr bool kTraced = !std::is_same_v<Trace, NoTrace>;

public:
    Model(const std::string& waves_path, double period_ps)
        : context_(std::make_unique<VerilatedContext>()), period_ps_(period_ps) {
        context_->fatalOnError(false);  // a failed assertion sets gotError(); we throw
        if (!waves_path.empty()) {
            if constexpr (kTraced)
                context_->traceEverOn(true);
            else
                throw ConfigError("RTL waves requested (" + waves_path +
                                  ") but the RTL model was built without tracing");
        }
        top_ = std::make_unique<Top>(context_.get(), "fwd");
        if constexpr (kTraced) {
            if (!waves_path.empty()) {
                trace_ = std::make_unique<Trace>();
                top_->trace(trace_.get(), 99);
                trace_->open(waves_path.c_str());
                if (!trace_->isOpen()) throw ConfigError("cannot write RTL waves to " + waves_path);
            }
        }
        top_->clk = 0;
        top_->rst = 1;
        top_->s_axis_tvalid = 0;
        top_->m_dec_ready = 1;
        top_->reg_valid = 0;
        top_->eval();
        for (int i = 0; i < 2; ++i) tick();
        top_->rst = 0;
        tick();
    }

    ~Model() override {
        top_->final();
        if constexpr (kTraced) {
            if (trace_) trace_->close();  // FST: the file is complete only now
        }
#if VM_COVERAGE
        // one coverage file per process: Makefile.verilator's coverage target merges them
        const char* path = std::getenv("CPOSIM_COVERAGE_FILE");
        context_->coveragep()->write(path ? path : "coverage.dat");
#endif
    }

    Edge tick() override {
        // Untimed: clock k at k periods; timed: at the current clock of the switch's axis.
        // (untimed: the falling half at k periods, the rising edge half a period later)
        const double at = timed_ ? static_cast<double>(clock_) * period_ps_
                                 : (static_cast<double>(cycles) + 0.5) * period_ps_;
        using Root = std::remove_pointer_t<decltype(top_->rootp)>;
        if constexpr (HasClockTrigger<Root>::value) {
            // Timed and without waves, with m_dec_ready held high: s_axis_tready depends on
            // m_dec_ready and registers only, so the last rising edge settled it, and the
            // falling half can be skipped: mark the clock as low and raise it.
            if (timed_ && !(trace_ && dumping_) && top_->m_dec_ready) {
                Edge e;
                e.header_accepted = top_->s_axis_tvalid && top_->s_axis_tready;
                e.decision_taken = top_->m_dec_valid;
                if (e.decision_taken) e.decision = decision();
                top_->rootp->__Vtrigrprev__TOP__clk = 0;
                top_->clk = 1;
                top_->eval();
                ++clock_;
                ++cycles;
                ++RtlModel::total_cycles_;
                check_errors();
                return e;
            }
        }
        half_cycle(0, at - period_ps_ / 2);  // settle the inputs: s_axis_tready follows m_dec_ready combinationally
        Edge e;
        e.header_accepted = top_->s_axis_tvalid && top_->s_axis_tready;
        e.decision_taken = top_->m_dec_valid && top_->m_dec_ready;
        if (e.decision_taken) e.decision = decision();
        half_cycle(1, at);
        if (timed_) ++clock_;
        ++cycles;
        ++RtlModel::total_cycles_;
        check_errors();
        return e;
    }

    void hold_waves() override { dumping_ = false; }

    void schedule(uint64_t cycle, const HeaderSlice& slice) override {
        if (!timed_) {
            timed_ = true;  // from here on the switch's clock; dump from its first clock on
            take_pending_decision();
            clock_ = cycle;
            dumping_ = true;
        }
        const uint64_t last = feed_.empty() ? clock_ : feed_.back().cycle;
        if (cycle < last || cycle < clock_)
            throw ModelInconsistency("fwd_pipeline RTL: header scheduled at clock " + std::to_string(cycle) +
                                     ", after clock " + std::to_string(std::max(last, clock_)));
        Scheduled& s = feed_.emplace_back();
        s.cycle = cycle;
        s.slice = slice;
    }

    PipelineDecision next_decision() override {
        while (decided_.empty()) {
            if (accepted_.empty() && feed_.empty())
                throw ModelInconsistency("fwd_pipeline RTL: a decision asked for with no header scheduled");
            step();
        }
        drive(nullptr);
        const PipelineDecision d = decided_.front();
        decided_.pop_front();
        return d;
    }

    void run_until(uint64_t cycle) override {
        if (!timed_) return;
        while ((!accepted_.empty() || !feed_.empty()) &&
               std::max(clock_, accepted_.empty() ? feed_.front().cycle : clock_) < cycle)
            step();
        drive(nullptr);
    }

    // One clock with something to do: skip to the next header's clock if the pipeline is
    // empty, drive the header of this clock (if any), keep what the clock decided.
    void step() {
        if (accepted_.empty()) clock_ = std::max(clock_, feed_.front().cycle);
        const uint64_t clock = clock_;
        const bool header = !feed_.empty() && feed_.front().cycle == clock;
        drive(header ? &feed_.front().slice : nullptr);
        const Edge e = tick();  // the clock moves on
        if (header) {
            if (!e.header_accepted)
                throw ModelInconsistency("fwd_pipeline RTL: the header of clock " + std::to_string(clock) +
                                         " was not accepted (the pipeline stalled)");
            feed_.pop_front();
            accepted_.push_back(clock);
        }
        if (e.decision_taken) {
            if (accepted_.empty() || clock - accepted_.front() != e.decision.latency)
                throw ModelInconsistency("fwd_pipeline RTL: a decision at clock " + std::to_string(clock) +
                                         " does not match its header's clock");
            accepted_.pop_front();
            decided_.push_back(e.decision);
        }
    }

    void drive(const HeaderSlice* slice) override {
        if (!slice) {
            top_->s_axis_tvalid = 0;
            return;
        }
        // AXI-Stream lanes are little-endian: frame byte i is tdata[8i+7:8i], which is byte
        // i of the word array on this (little-endian) host.
        static_assert(sizeof(top_->s_axis_tdata) >= kHeaderBytes, "tdata holds the header slice");
        std::memcpy(&top_->s_axis_tdata, slice->bytes.data(), kHeaderBytes);
        uint32_t keep[kHeaderBytes / 32] = {};
        const int valid = std::min<int>(slice->valid_bytes, kHeaderBytes);
        for (int w = 0; w < kHeaderBytes / 32; ++w) {
            const int bits = std::clamp(valid - 32 * w, 0, 32);
            keep[w] = bits == 32 ? ~0u : (1u << bits) - 1;
        }
        std::memcpy(&top_->s_axis_tkeep, keep, sizeof keep);
        top_->s_axis_tlast = 1;
        top_->s_axis_tuser = (uint32_t{slice->frame_bytes} << kPortBits) | (slice->src_port & (kPorts - 1));
        top_->s_axis_tvalid = 1;
    }

    void set_decision_ready(bool ready) override { top_->m_dec_ready = ready; }

    bool decision_valid() const override { return top_->m_dec_valid; }

    PipelineDecision decision() const override {
        PipelineDecision d;
        d.drop = top_->m_dec_drop;
        d.reason = top_->m_dec_reason;
        d.flood = top_->m_dec_flood;
        d.port = top_->m_dec_port;
        d.mask = top_->m_dec_mask;
        d.tc = top_->m_dec_tc;
        d.src_port = top_->m_dec_src_port;
        d.latency = top_->m_dec_latency;
        HeaderFields& h = d.hdr;
        h.ethertype = top_->m_dec_hdr_ethertype;
        h.vlan_count = top_->m_dec_hdr_vlan_count;
        h.outer_vid = top_->m_dec_hdr_outer_vid;
        h.vid = top_->m_dec_hdr_vid;
        h.pcp = top_->m_dec_hdr_pcp;
        // 128-bit ports: word w holds bits [32w+31:32w]; address byte 0 is bits [127:120]
        for (int i = 0; i < 16; ++i) {
            const int word = 3 - i / 4, shift = 8 * (3 - i % 4);
            h.src[static_cast<size_t>(i)] = static_cast<uint8_t>(top_->m_dec_hdr_src[word] >> shift);
            h.dst[static_cast<size_t>(i)] = static_cast<uint8_t>(top_->m_dec_hdr_dst[word] >> shift);
        }
        h.proto = top_->m_dec_hdr_proto;
        h.ttl = top_->m_dec_hdr_ttl;
        h.l4_valid = top_->m_dec_hdr_l4_valid;
        h.l4_src = top_->m_dec_hdr_l4_src;
        h.l4_dst = top_->m_dec_hdr_l4_dst;
        h.ipv4_checks = top_->m_dec_hdr_ipv4_checks;
        return d;
    }

    PipelineDecision decide(const HeaderSlice& slice) override {
        top_->m_dec_ready = 1;
        drive(&slice);
        const uint64_t start = cycles;
        while (!tick().header_accepted) check_hang(start);
        drive(nullptr);
        while (!top_->m_dec_valid) {
            tick();
            check_hang(start);
        }
        return decision();
    }

    uint32_t read32(uint32_t addr) override {
        take_pending_decision();
        top_->reg_valid = 1;
        top_->reg_write = 0;
        top_->reg_addr = addr & kRegAddrMask;
        tick();
        top_->reg_valid = 0;
        return top_->reg_rdata;  // reg_rvalid is high: the read was answered on this clock
    }

    void write32(uint32_t addr, uint32_t data) override {
        take_pending_decision();
        top_->reg_valid = 1;
        top_->reg_write = 1;
        top_->reg_addr = addr & kRegAddrMask;
        top_->reg_wdata = data;
        tick();
        top_->reg_valid = 0;
    }

private:
    static constexpr uint64_t kHangClocks = 1000;

    void half_cycle(uint8_t clk, double at_ps) {
        top_->clk = clk;
        top_->eval();
        if constexpr (kTraced) {
            if (trace_ && dumping_) trace_->dump(static_cast<uint64_t>(std::llround(std::max(0.0, at_ps))));
        }
    }

    void check_hang(uint64_t start) const {  // throws when no decision came for too long
        if (cycles - start > kHangClocks)
            throw ModelInconsistency("fwd_pipeline RTL: no decision " +
                                     std::to_string(kHangClocks) +
                                     " clocks after a header (stuck at clock " +
                                     std::to_string(cycles) + ")");
    }

    void check_errors() {
        if (context_->gotError())
            throw ModelInconsistency("fwd_pipeline RTL: an assertion failed at clock " +
                                     std::to_string(cycles) + " (message above)");
    }

    void take_pending_decision() {
        // decide() leaves its decision on m_dec_* to be taken with the next clock; take it
        // now, so that counters read as the golden model's (which counts at decide())
        if (top_->m_dec_valid && top_->m_dec_ready) tick();
    }

    std::unique_ptr<VerilatedContext> context_;
    std::unique_ptr<Top> top_;
    std::unique_ptr<Trace> trace_;  // closed in ~Model(), before top_ and context_ go
    double period_ps_;
    // Timed use (schedule / next_decision)
    struct Scheduled {
        uint64_t cycle;
        HeaderSlice slice;
    };
    bool timed_ = false;
    bool dumping_ = true;              // timed: off until the first timed clock
    uint64_t clock_ = 0;               // timed: the switch clock of the next tick
    RingQueue<Scheduled> feed_;        // headers waiting for their clock, oldest first
    RingQueue<uint64_t> accepted_;     // clocks of the headers in the pipeline
    RingQueue<PipelineDecision> decided_;
};

RtlModel::RtlModel(const std::string& waves_path, double clock_period_ps) {
    if (ends_with(waves_path, ".fst")) {
#if CPOSIM_RTL_WAVES_FST
        engine_ = std::make_unique<Model<Vfwd_pipeline_fst, VerilatedFstC>>(waves_path, clock_period_ps);
#else
        throw ConfigError("RTL waves requested in FST (" + waves_path +
                          ") but the RTL model was built without FST tracing");
#endif
        return;
    }
#if VM_TRACE
    engine_ = std::make_unique<Model<Vfwd_pipeline, VerilatedVcdC>>(waves_path, clock_period_ps);
#else
    engine_ = std::make_unique<Model<Vfwd_pipeline, NoTrace>>(waves_path, clock_period_ps);
#endif
}

RtlModel::~RtlModel() = default;

uint64_t RtlModel::cycles() const { return engine_->cycles; }
uint32_t RtlModel::read32(uint32_t addr) { return engine_->read32(addr); }
void RtlModel::write32(uint32_t addr, uint32_t data) { engine_->write32(addr, data); }
PipelineDecision RtlModel::decide(const HeaderSlice& slice) { return engine_->decide(slice); }
void RtlModel::schedule(uint64_t cycle, const HeaderSlice& slice) { engine_->schedule(cycle, slice); }
void RtlModel::hold_waves() { engine_->hold_waves(); }
void RtlModel::run_until(uint64_t cycle) { engine_->run_until(cycle); }
PipelineDecision RtlModel::next_decision() { return engine_->next_decision(); }
void RtlModel::drive(const HeaderSlice* slice) { engine_->drive(slice); }
void RtlModel::set_decision_ready(bool ready) { engine_->set_decision_ready(ready); }
RtlModel::Edge RtlModel::tick() { return engine_->tick(); }
bool RtlModel::decision_valid() const { return engine_->decision_valid(); }
PipelineDecision RtlModel::decision() const { return engine_->decision(); }

}  // namespace cposim::fwd
