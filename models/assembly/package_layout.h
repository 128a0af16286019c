// Where every fibre and lane of an assembled switch package sits: engines, the lanes of each
// port (spares included), the lasers feeding them, and the fibre arrays.
//
// Engine e serves ports [e P, (e + 1) P) (P ports per engine, as the switch has them). A port
// has k lanes in use plus s spares; engine-local lane m = (port mod P)(k + s) + j is fed by
// laser m / L (L lanes per laser). Each lane has a transmit and a receive fibre; an external
// laser adds one fibre into the engine. An engine's fibres are laid out laser group by laser
// group: [laser fibre], then (tx, rx) for each of its lanes, and cut into arrays of
// assembly.fibres_per_array consecutive fibres (0: one array per engine).
#pragma once

#include <vector>

#include "assembly_config.h"
#include "phy_config.h"

namespace cposim {

enum class FibreRole { laser, tx, rx };

struct FibreSlot {
    int engine = 0;
    int array = 0;          ///< global array index
    double position = 0;    ///< across its array, -1 (first fibre) to +1 (last); 0 alone
    double array_span_um = 0;  ///< its array's length, first to last fibre, um
    FibreRole role = FibreRole::tx;
};

struct LaneSlot {
    int engine = 0, port = 0, lane = 0;  ///< lane within the port, 0 .. k + s - 1
    int laser = 0;                        ///< global laser index
    int tx_fibre = 0, rx_fibre = 0;       ///< global fibre indices
    int laser_fibre = -1;                 ///< global fibre index of its laser's input, -1 when integrated
};

struct PackageLayout {
    int engines = 0, ports = 0, ports_per_engine = 0;
    int lanes_per_port = 0;  ///< in use (k)
    int spare_lanes = 0;     ///< per port (s)
    int lanes_per_laser = 1;
    bool external_laser = true;
    std::vector<FibreSlot> fibres;
    std::vector<LaneSlot> lanes;    ///< port-major: port p, lane j at p (k + s) + j
    std::vector<int> laser_engine;  ///< the engine of each laser
    int arrays = 0;

    int lanes_per_port_built() const { return lanes_per_port + spare_lanes; }
    const LaneSlot& lane(int port, int j) const {
        return lanes[static_cast<size_t>(port * lanes_per_port_built() + j)];
    }

    /// phy: the switch's PHY (lanes per port, lanes per engine, lasers); ports: the switch's.
    static PackageLayout from(const PhyConfig& phy, int ports, const AssemblyConfig& assembly);
};

}  // namespace cposim
