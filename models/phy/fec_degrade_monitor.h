// The FEC degrade alarm of IEEE 802.3 (clause 119 "FEC_degraded_SER", also used by the
// 800G clause 172 PCS): the decoder counts symbol errors over fixed windows of
// `interval_codewords` codewords (8192); at the end of each window the alarm is raised when
// the count is above the activate threshold and cleared when it is at or below the
// deactivate threshold. docs/references.md "FEC threshold": 6380 symbol errors per 8192 codewords
// for RS(544,514) (Intel E-tile register documentation).
#pragma once

#include <cstdint>

namespace cposim {

class FecDegradeMonitor {
public:
    FecDegradeMonitor(uint64_t activate_threshold = 6380, uint64_t deactivate_threshold = 6380,
                      uint32_t interval_codewords = 8192);

    // One codeword with its symbol errors (corrected or not: the decoder counts both).
    void add_codeword(uint32_t symbol_errors);
    // Many codewords at once; their symbol errors are spread evenly over them when they cross
    // a window boundary (exact when they fall in one window).
    void add(uint64_t codewords, uint64_t symbol_errors);

    bool degraded() const { return degraded_; }
    uint64_t windows_completed() const { return windows_; }
    uint64_t windows_degraded() const { return windows_degraded_; }  ///< windows that ended above activate
    uint64_t last_window_symbol_errors() const { return last_; }
    uint32_t interval_codewords() const { return interval_; }

private:
    void close_window();
    uint64_t activate_, deactivate_;
    uint32_t interval_;
    uint64_t in_window_ = 0, errors_ = 0, last_ = 0, windows_ = 0, windows_degraded_ = 0;
    bool degraded_ = false;
};

}  // namespace cposim
