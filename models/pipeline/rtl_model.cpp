#include "rtl_model.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "Vfwd_pipeline.h"
#include "errors.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif
#if VM_COVERAGE
#include "verilated_cov.h"
#endif

namespace cposim::fwd {

void RtlModel::TraceDeleter::operator()(VerilatedVcdC* p) const {
#if VM_TRACE
    delete p;
#else
    (void)p;  // never created without tracing
#endif
}

RtlModel::RtlModel(const std::string& waves_path, uint32_t clock_period_ps)
    : context_(std::make_unique<VerilatedContext>()), half_period_ps_(clock_period_ps / 2) {
    context_->fatalOnError(false);  // a failed assertion sets gotError(); we throw
    const std::string fst = ".fst";
    if (waves_path.size() >= fst.size() &&
        waves_path.compare(waves_path.size() - fst.size(), fst.size(), fst) == 0)
        throw ConfigError("RTL waves " + waves_path +
                          ": the RTL model writes VCD only (convert with vcd2fst from gtkwave)");
    if (!waves_path.empty()) {
#if VM_TRACE
        context_->traceEverOn(true);
#else
        throw ConfigError("RTL waves requested (" + waves_path +
                          ") but the RTL model was built without tracing");
#endif
    }
    top_ = std::make_unique<Vfwd_pipeline>(context_.get(), "fwd");
#if VM_TRACE
    if (!waves_path.empty()) {
        trace_.reset(new VerilatedVcdC);
        top_->trace(trace_.get(), 99);
        trace_->open(waves_path.c_str());
        if (!trace_->isOpen()) throw ConfigError("cannot write RTL waves to " + waves_path);
    }
#endif
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

RtlModel::~RtlModel() {
    top_->final();
#if VM_TRACE
    if (trace_) trace_->close();
#endif
#if VM_COVERAGE
    // one coverage file per process: Makefile.verilator's coverage target merges them
    const char* path = std::getenv("CPOSIM_COVERAGE_FILE");
    context_->coveragep()->write(path ? path : "coverage.dat");
#endif
}

void RtlModel::half_cycle(uint8_t clk) {
    top_->clk = clk;
    top_->eval();
#if VM_TRACE
    if (trace_) trace_->dump(time_ps_);
#endif
    time_ps_ += half_period_ps_;
}

void RtlModel::check_hang(uint64_t start) const {
    if (cycles_ - start > kHangClocks)
        throw ModelInconsistency("fwd_pipeline RTL: no decision " + std::to_string(kHangClocks) +
                                 " clocks after a header (stuck at clock " +
                                 std::to_string(cycles_) + ")");
}

void RtlModel::check_errors() {
    if (context_->gotError())
        throw ModelInconsistency("fwd_pipeline RTL: an assertion failed at clock " +
                                 std::to_string(cycles_) + " (message above)");
}

RtlModel::Edge RtlModel::tick() {
    half_cycle(0);  // settle the inputs: s_axis_tready follows m_dec_ready combinationally
    Edge e;
    e.header_accepted = top_->s_axis_tvalid && top_->s_axis_tready;
    e.decision_taken = top_->m_dec_valid && top_->m_dec_ready;
    if (e.decision_taken) e.decision = decision();
    half_cycle(1);
    ++cycles_;
    ++total_cycles_;
    check_errors();
    return e;
}

void RtlModel::drive(const HeaderSlice* slice) {
    if (!slice) {
        top_->s_axis_tvalid = 0;
        return;
    }
    // AXI-Stream lanes are little-endian: frame byte i is tdata[8i+7:8i], which is byte i
    // of the word array on this (little-endian) host.
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
    top_->s_axis_tuser = (uint32_t{slice->frame_bytes} << 6) | (slice->src_port & 0x3F);
    top_->s_axis_tvalid = 1;
}

void RtlModel::set_decision_ready(bool ready) { top_->m_dec_ready = ready; }

bool RtlModel::decision_valid() const { return top_->m_dec_valid; }

PipelineDecision RtlModel::decision() const {
    PipelineDecision d;
    d.drop = top_->m_dec_drop;
    d.reason = top_->m_dec_reason;
    d.flood = top_->m_dec_flood;
    d.port = top_->m_dec_port;
    d.mask = top_->m_dec_mask;
    d.tc = top_->m_dec_tc;
    d.src_port = top_->m_dec_src_port;
    d.latency = top_->m_dec_latency;
    return d;
}

PipelineDecision RtlModel::decide(const HeaderSlice& slice) {
    top_->m_dec_ready = 1;
    drive(&slice);
    const uint64_t start = cycles_;
    while (!tick().header_accepted) check_hang(start);
    drive(nullptr);
    while (!top_->m_dec_valid) {
        tick();
        check_hang(start);
    }
    return decision();
}

void RtlModel::take_pending_decision() {
    // decide() leaves its decision on m_dec_* to be taken with the next clock; take it
    // now, so that counters read as the golden model's (which counts at decide())
    if (top_->m_dec_valid && top_->m_dec_ready) tick();
}

uint32_t RtlModel::read32(uint32_t addr) {
    take_pending_decision();
    top_->reg_valid = 1;
    top_->reg_write = 0;
    top_->reg_addr = addr & 0xFFF;
    tick();
    top_->reg_valid = 0;
    return top_->reg_rdata;  // reg_rvalid is high: the read was answered on this clock
}

void RtlModel::write32(uint32_t addr, uint32_t data) {
    take_pending_decision();
    top_->reg_valid = 1;
    top_->reg_write = 1;
    top_->reg_addr = addr & 0xFFF;
    top_->reg_wdata = data;
    tick();
    top_->reg_valid = 0;
}

}  // namespace cposim::fwd
