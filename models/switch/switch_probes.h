// The switch's probes: its waves (per port the egress queue depth, whether the egress link
// is busy, the drops of frames for the port; the shared buffer's occupancy) and its columns
// of the time series (buffer, egress throughput, drops, PFC frames and ECN marks in each
// interval, the core's power). The switch tells the probes what changed; they decide what
// to record. A switch without waves has none.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "time_series.h"
#include "vcd_writer.h"

namespace cposim {

class SwitchAsic;

class SwitchProbes {
public:
    SwitchProbes(VcdWriter& vcd, int ports);

    void queue(TimePs t, int port, int64_t bytes) { vcd_.change(port_vars(port).queue, t, static_cast<uint64_t>(bytes)); }
    void busy(TimePs t, int port, bool busy) { vcd_.change(port_vars(port).busy, t, busy); }
    void drops(TimePs t, int port, int64_t drops) { vcd_.change(port_vars(port).drops, t, static_cast<uint64_t>(drops)); }
    void buffer(TimePs t, int64_t bytes) { vcd_.change(buffer_, t, static_cast<uint64_t>(bytes)); }

    // The switch's columns of a time series (power_w: the core's share).
    static void sample_into(TimeSeries& series, const SwitchAsic& asic);

private:
    struct PortVars {
        int queue, busy, drops;
    };
    const PortVars& port_vars(int port) const { return ports_[static_cast<size_t>(port)]; }
    VcdWriter& vcd_;
    int buffer_;
    std::vector<PortVars> ports_;
};

}  // namespace cposim
