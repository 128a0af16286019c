// A fabric's wiring: its switches (name, tier, port count), its hosts, the links between
// them (each with its length) and, for every switch and destination, the ports on shortest
// paths towards it (the equal-cost next hops load balancing chooses among). Plain C++: the
// testbench builds a SwitchNode per switch and a fibre per link from it.
//
// Port order: a leaf's (edge's) host ports first, then its uplinks; an aggregation switch's
// edge ports first, then its core ports; a spine's (core's) ports by the leaf (pod) they
// reach.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fabric_config.h"

namespace cposim {

struct FabricSwitch {
    std::string name;  ///< its instance name: leaf3, spine0, edge2_1, agg2_0, core5
    std::string tier;  ///< leaf, spine, edge, agg, core
    int ports = 0;
};

struct PortEnd {
    bool host = false;  ///< a host's NIC, else a switch port
    int index = 0;      ///< the host, or the switch
    int port = 0;       ///< the switch's port (0 for a host)
};

struct FabricLink {
    PortEnd a, b;       ///< a is the lower tier (host, then leaf/edge, then agg)
    double length_m = 0;
    std::string kind;   ///< host, spine, core: which fabric.*_link_length it has
};

class Topology {
public:
    std::vector<FabricSwitch> switches;
    /// NIC ports: with P planes, GPU g's port on plane p is host p x gpus() + g; each plane
    /// holds switches p x S/P .. (p+1) x S/P - 1, named with the suffix _p<p>.
    int hosts = 0;
    int planes = 1;
    int gpus() const { return hosts / planes; }
    int plane_of_switch(int s) const { return static_cast<int>(static_cast<size_t>(s) * static_cast<size_t>(planes) / switches.size()); }
    std::vector<PortEnd> host_port;            ///< host h -> its switch and port
    std::vector<FabricLink> links;
    std::vector<std::vector<PortEnd>> peer;    ///< [switch][port]: the other end
    std::vector<std::vector<uint8_t>> uplink;  ///< [switch][port]: towards a higher tier

    /// Equal-cost next hops at switch s for a frame to host h (its host port on h's switch).
    const uint16_t* next_hops(int s, int h, int& count) const {
        const int t = host_port[static_cast<size_t>(h)].index;
        if (t == s) {
            count = 1;
            return &host_port_u16_[static_cast<size_t>(h)];
        }
        const size_t row = static_cast<size_t>(s) * switches.size() + static_cast<size_t>(t);
        count = static_cast<int>(route_offset_[row + 1] - route_offset_[row]);
        return route_ports_.data() + route_offset_[row];
    }
    int hop_count(int from_switch, int to_switch) const {  ///< switch-to-switch links on a shortest path
        return distance_[static_cast<size_t>(from_switch) * switches.size() + static_cast<size_t>(to_switch)];
    }
    int uplink_count() const;  ///< switch ports towards a higher tier
    std::string describe() const;  ///< what was built, one line

    // Used by build_topology(): wires a link, then derives the routes and checks them.
    void connect(PortEnd a, PortEnd b, double length_m, const std::string& kind);
    void finish();  // throws ModelInconsistency if a port is unwired or a host unreachable in its plane

private:
    std::vector<uint32_t> route_offset_;  // [s * S + t] .. [s * S + t + 1] in route_ports_
    std::vector<uint16_t> route_ports_;
    std::vector<uint16_t> host_port_u16_;
    std::vector<int> distance_;
};

// The topology fabric.* describes (not single).
Topology build_topology(const FabricConfig& config);

}  // namespace cposim
