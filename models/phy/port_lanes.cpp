#include "port_lanes.h"

#include <cmath>
#include <stdexcept>

namespace cposim {

PortLanes::PortLanes(int lanes, LaneRate lane, FecKind fec) : lanes_(lanes), lane_(lane), fec_(fec) {
    if (lanes <= 0) throw std::invalid_argument("PortLanes: lanes must be > 0");
}

double PortLanes::lane_mac_rate_gbps() const {
    const Ratio e = fec_.line_expansion();
    // Multiply before dividing: 106.25 x 16 / 17 = 100 exactly in binary floating point.
    return lane_.line_rate_gbps() * static_cast<double>(e.den) / static_cast<double>(e.num);
}

double PortLanes::packet_rate_mpps(double frame_bytes) const {
    return mac_rate_gbps() * 1e3 / ((frame_bytes + 20.0) * 8.0);
}

double PortLanes::codewords_per_second() const {
    return line_rate_gbps() * 1e9 / fec_.codeword_bits();
}

int64_t PortLanes::codeword_index_at(int64_t time_ps) const {
    // bits on the line by time t: t[ps] x rate[Gb/s] / 1000; exact for the standard rates.
    const double bits = static_cast<double>(time_ps) * line_rate_gbps() * 1e-3;
    return static_cast<int64_t>(std::floor(bits / fec_.codeword_bits()));
}

PortLanes::Span PortLanes::codewords_of_frame(int64_t start_ps, int64_t end_ps) const {
    Span s;
    s.first = codeword_index_at(start_ps);
    s.last = std::max(s.first, codeword_index_at(end_ps > start_ps ? end_ps - 1 : start_ps));
    return s;
}

double PortLanes::mean_codewords_per_frame(double frame_bytes) const {
    const Ratio e = fec_.line_expansion();
    const double line_bits = (frame_bytes + 8.0) * 8.0 * e.value();
    return 1.0 + line_bits / fec_.codeword_bits();
}

double PortLanes::port_ber(const std::vector<double>& lane_bers) const {
    if (lane_bers.empty()) return 0;
    double ser = 0;
    for (double b : lane_bers) ser += fec_.symbol_error_probability(b);
    ser /= static_cast<double>(lane_bers.size());
    if (ser >= 1) return 1;
    return -std::expm1(std::log1p(-ser) / fec_.symbol_bits());
}

}  // namespace cposim
