// What the link partners send: destination pattern, arrival process, frame sizes, classes.
#pragma once

#include <cstdint>
#include <string>

#include "parameters.h"

namespace cposim {

enum class Pattern { uniform, permutation, hotspot, incast, all_to_all, ring_allreduce };
enum class Arrival { bernoulli, poisson, onoff };
enum class SizeMix { fixed, imix, datacenter };

struct TrafficConfig {
    Pattern pattern = Pattern::uniform;
    Arrival arrival = Arrival::bernoulli;
    SizeMix sizes = SizeMix::fixed;
    double load = 0;             ///< offered load per active source, fraction of line rate
    uint32_t packet_bytes = 0;   ///< frame size for sizes=fixed
    int classes = 1;             ///< frames spread uniformly over classes 0..classes-1
    double hotspot_fraction = 0; ///< pattern=hotspot: share of frames sent to the hotspot
    int hotspot_port = 0;        ///< pattern=hotspot / incast: the destination port
    int incast_senders = 0;      ///< pattern=incast: number of senders (0 = all other ports)
    double burst_packets = 0;    ///< arrival=onoff: mean frames per burst
    double broadcast_fraction = 0;  ///< share of frames sent to the broadcast address
    int64_t source_queue_frames = 0;  ///< a partner's queue per class; beyond it, no frames created

    static void declare_parameters(ParameterRegistry& r);
    static TrafficConfig from(const ParameterSet& p, int ports);
};

}  // namespace cposim
