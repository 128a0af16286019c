#include "package_layout.h"

#include <algorithm>

namespace cposim {

PackageLayout PackageLayout::from(const PhyConfig& phy, int ports, const AssemblyConfig& assembly) {
    PackageLayout l;
    l.ports = ports;
    l.ports_per_engine = phy.ports_per_engine();
    l.engines = (ports + l.ports_per_engine - 1) / l.ports_per_engine;
    l.lanes_per_port = phy.port.lanes();
    l.spare_lanes = assembly.spare_lanes;
    l.lanes_per_laser = phy.laser.lanes_per_laser;
    l.external_laser = phy.laser.type == LaserType::external;
    const int built = l.lanes_per_port_built();
    l.lanes.resize(static_cast<size_t>(ports * built));
    for (int e = 0; e < l.engines; ++e) {
        const int first_port = e * l.ports_per_engine;
        const int served = std::min(l.ports_per_engine, ports - first_port);
        const int lanes = served * built;
        const int lasers = (lanes + l.lanes_per_laser - 1) / l.lanes_per_laser;
        const int first_laser = static_cast<int>(l.laser_engine.size());
        const int first_fibre = static_cast<int>(l.fibres.size());
        for (int k = 0; k < lasers; ++k) {
            l.laser_engine.push_back(e);
            int laser_fibre = -1;
            if (l.external_laser) {
                laser_fibre = static_cast<int>(l.fibres.size());
                l.fibres.push_back({e, 0, 0, 0, FibreRole::laser});
            }
            for (int m = k * l.lanes_per_laser; m < std::min(lanes, (k + 1) * l.lanes_per_laser); ++m) {
                LaneSlot& s = l.lanes[static_cast<size_t>((first_port + m / built) * built + m % built)];
                s.engine = e;
                s.port = first_port + m / built;
                s.lane = m % built;
                s.laser = first_laser + k;
                s.laser_fibre = laser_fibre;
                s.tx_fibre = static_cast<int>(l.fibres.size());
                l.fibres.push_back({e, 0, 0, 0, FibreRole::tx});
                s.rx_fibre = static_cast<int>(l.fibres.size());
                l.fibres.push_back({e, 0, 0, 0, FibreRole::rx});
            }
        }
        // Cut the engine's fibres into arrays and place each fibre across its array.
        const int count = static_cast<int>(l.fibres.size()) - first_fibre;
        const int per_array = assembly.fibres_per_array > 0 ? assembly.fibres_per_array : count;
        for (int begin = 0; begin < count; begin += per_array) {
            const int n = std::min(per_array, count - begin);
            for (int i = 0; i < n; ++i) {
                FibreSlot& f = l.fibres[static_cast<size_t>(first_fibre + begin + i)];
                f.array = l.arrays;
                f.position = n > 1 ? (2.0 * i - (n - 1)) / (n - 1) : 0.0;
                f.array_span_um = (n - 1) * assembly.fibre_pitch_um;
            }
            ++l.arrays;
        }
    }
    return l;
}

}  // namespace cposim
