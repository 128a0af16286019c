// (a) of fwd_bench: the Verilated model in a plain C++ loop. Its own translation unit:
// Verilator's headers must not see SystemC's (they would switch to SystemC time).
#include "raw_loop.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "Vfwd_pipeline.h"
#include "frame_builder.h"
#include "verilated.h"

namespace cposim {

using Clock = std::chrono::steady_clock;

// (a): the raw model, one header beat every clock, decisions always taken.
double raw_cycles_per_s(uint64_t cycles) {
    VerilatedContext ctx;
    Vfwd_pipeline top(&ctx, "fwd");
    std::vector<fwd::HeaderSlice> frames;
    for (int i = 0; i < 64; ++i) {
        Packet p;
        p.id = static_cast<uint64_t>(i);
        p.src_port = static_cast<uint16_t>(i);
        p.dst_port = static_cast<uint16_t>((i * 7) % 64);
        p.bytes = 512;
        frames.push_back(fwd::build_frame(p));
    }
    top.rst = 1;
    for (int i = 0; i < 4; ++i) {
        top.clk = 0;
        top.eval();
        top.clk = 1;
        top.eval();
    }
    top.rst = 0;
    top.m_dec_ready = 1;
    top.s_axis_tvalid = 1;
    top.s_axis_tlast = 1;
    std::memset(&top.s_axis_tkeep, 0xFF, sizeof top.s_axis_tkeep);
    uint64_t decisions = 0;
    const auto t0 = Clock::now();
    for (uint64_t c = 0; c < cycles; ++c) {
        const fwd::HeaderSlice& f = frames[c & 63];
        std::memcpy(&top.s_axis_tdata, f.bytes.data(), fwd::kHeaderBytes);
        top.s_axis_tuser = (uint32_t{f.frame_bytes} << 6) | f.src_port;
        top.clk = 0;
        top.eval();
        top.clk = 1;
        top.eval();
        decisions += top.m_dec_valid;
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("(a) raw Verilated model, C++ loop:   %12.0f cycles/s  (%llu cycles, %llu decisions, %.2f s)\n",
                cycles / s, static_cast<unsigned long long>(cycles),
                static_cast<unsigned long long>(decisions), s);
    return cycles / s;
}

}  // namespace cposim
