#include "fec_degrade_monitor.h"

#include <algorithm>
#include <stdexcept>

namespace cposim {

FecDegradeMonitor::FecDegradeMonitor(uint64_t activate, uint64_t deactivate, uint32_t interval)
    : activate_(activate), deactivate_(deactivate), interval_(interval) {
    if (interval == 0) throw std::invalid_argument("FecDegradeMonitor: interval must be > 0");
    if (deactivate > activate) throw std::invalid_argument("FecDegradeMonitor: deactivate threshold above activate");
}

void FecDegradeMonitor::close_window() {
    last_ = errors_;
    ++windows_;
    if (errors_ > activate_) {
        degraded_ = true;
        ++windows_degraded_;
    } else if (errors_ <= deactivate_) {
        degraded_ = false;
    }
    in_window_ = 0;
    errors_ = 0;
}

void FecDegradeMonitor::add_codeword(uint32_t symbol_errors) {
    errors_ += symbol_errors;
    if (++in_window_ == interval_) close_window();
}

void FecDegradeMonitor::add(uint64_t codewords, uint64_t symbol_errors) {
    uint64_t left_cw = codewords, left_err = symbol_errors;
    while (left_cw > 0) {
        const uint64_t take = std::min<uint64_t>(left_cw, interval_ - in_window_);
        // Errors in proportion to the codewords taken (the last piece takes the remainder).
        const uint64_t err = take == left_cw ? left_err
                                             : static_cast<uint64_t>(static_cast<double>(left_err) * take / left_cw);
        errors_ += err;
        in_window_ += take;
        left_cw -= take;
        left_err -= err;
        if (in_window_ == interval_) close_window();
    }
}

}  // namespace cposim
