// A port as k lanes of one signalling rate behind one FEC: MAC rate versus line rate, packet
// rates, codeword timing. The coding chain (IEEE 802.3 clauses 82, 91, 119, 172):
//
//   MAC bits --64b/66b (x 66/64)--> --256b/257b transcoding (x 257/264)--> --RS(n,k) (x n/k)--> line
//
//   rs544: 66/64 x 257/264 x 544/514 = 17/16: 100 Gb/s MAC -> 106.25 Gb/s, 8 x 106.25 = 800 x 17/16
//   rs528 and none: x 33/32 (= 66/64): 25 Gb/s MAC -> 25.78125 Gb/s
//
// Alignment markers do not change these rates: the PCS makes room for them by deleting idles
// in the 64b/66b stream, and in clause 91 the 20 markers of one period (20 x 16384 66-bit
// blocks) transcode into 5 x 257 bits so that a period is exactly 4096 RS(528,514) codewords.
#pragma once

#include <cstdint>
#include <vector>

#include "fec.h"
#include "lane_rate.h"

namespace cposim {

class PortLanes {
public:
    PortLanes(int lanes, LaneRate lane, FecKind fec);

    int lanes() const { return lanes_; }
    const LaneRate& lane() const { return lane_; }
    const Fec& fec() const { return fec_; }

    double line_rate_gbps() const { return lanes_ * lane_.line_rate_gbps(); }  ///< all lanes, on the wire
    double lane_mac_rate_gbps() const;                                       ///< MAC data per lane
    double mac_rate_gbps() const { return lanes_ * lane_mac_rate_gbps(); }   ///< the port speed

    // Frames per second at full line rate: MAC rate / ((bytes + 8 preamble + 12 IFG) x 8), in Mpps.
    double packet_rate_mpps(double frame_bytes) const;
    // Codewords (or, without FEC, 5440-bit blocks) per second over the whole port.
    double codewords_per_second() const;
    // Index of the codeword on the line at `time_ps` (codewords counted from time 0).
    int64_t codeword_index_at(int64_t time_ps) const;
    // The codewords a frame on the wire from start_ps to end_ps overlaps: [first, last].
    struct Span {
        int64_t first = 0, last = 0;
        int64_t count() const { return last - first + 1; }
    };
    Span codewords_of_frame(int64_t start_ps, int64_t end_ps) const;
    // Mean codewords a frame touches when it starts at a uniformly random point of a codeword:
    // 1 + (frame line bits / codeword bits), frame bits counted with preamble, without IFG.
    double mean_codewords_per_frame(double frame_bytes) const;

    // The port's codewords are spread symbol by symbol over all its lanes (IEEE 802.3 clause
    // 91/119 symbol distribution), so a codeword sees the mean of the lanes' symbol error
    // probabilities: the equivalent per-bit BER for the port.
    double port_ber(const std::vector<double>& lane_bers) const;

private:
    int lanes_;
    LaneRate lane_;
    Fec fec_;
};

}  // namespace cposim
