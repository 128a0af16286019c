#include "topology.h"

#include <algorithm>
#include <deque>
#include <fmt/format.h>

#include "errors.h"

namespace cposim {

void Topology::connect(PortEnd a, PortEnd b, double length_m, const std::string& kind) {
    auto wire = [&](const PortEnd& end, const PortEnd& other, bool up) {
        if (end.host) {
            host_port[static_cast<size_t>(end.index)] = other;
            return;
        }
        PortEnd& slot = peer[static_cast<size_t>(end.index)][static_cast<size_t>(end.port)];
        if (slot.index != -1)
            throw ModelInconsistency("fabric: port " + std::to_string(end.port) + " of " +
                                     switches[static_cast<size_t>(end.index)].name + " wired twice");
        slot = other;
        uplink[static_cast<size_t>(end.index)][static_cast<size_t>(end.port)] = up;
    };
    wire(a, b, true);
    wire(b, a, false);
    links.push_back({a, b, length_m, kind});
}

int Topology::uplink_count() const {
    int n = 0;
    for (const auto& ports : uplink)
        for (uint8_t u : ports) n += u;
    return n;
}

void Topology::finish() {
    const size_t S = switches.size();
    for (size_t s = 0; s < S; ++s)
        for (size_t p = 0; p < peer[s].size(); ++p)
            if (peer[s][p].index == -1)
                throw ModelInconsistency("fabric: port " + std::to_string(p) + " of " + switches[s].name + " is not wired");
    // Distances between switches (breadth first from each), then at every switch the ports
    // whose neighbour is one hop closer to the destination's switch.
    distance_.assign(S * S, -1);
    for (size_t t = 0; t < S; ++t) {
        std::deque<size_t> todo{t};
        distance_[t * S + t] = 0;
        while (!todo.empty()) {
            const size_t s = todo.front();
            todo.pop_front();
            for (const PortEnd& e : peer[s]) {
                if (e.host) continue;
                int& d = distance_[static_cast<size_t>(e.index) * S + t];
                if (d < 0) {
                    d = distance_[s * S + t] + 1;
                    todo.push_back(static_cast<size_t>(e.index));
                }
            }
        }
    }
    route_offset_.assign(S * S + 1, 0);
    route_ports_.clear();
    for (size_t s = 0; s < S; ++s)
        for (size_t t = 0; t < S; ++t) {
            route_offset_[s * S + t] = static_cast<uint32_t>(route_ports_.size());
            const int d = distance_[s * S + t];
            if (d < 0) {
                if (plane_of_switch(static_cast<int>(s)) != plane_of_switch(static_cast<int>(t))) continue;  // planes are apart
                throw ModelInconsistency("fabric: " + switches[s].name + " cannot reach " + switches[t].name);
            }
            if (s == t) continue;
            for (size_t p = 0; p < peer[s].size(); ++p) {
                const PortEnd& e = peer[s][p];
                if (!e.host && distance_[static_cast<size_t>(e.index) * S + t] == d - 1)
                    route_ports_.push_back(static_cast<uint16_t>(p));
            }
        }
    route_offset_[S * S] = static_cast<uint32_t>(route_ports_.size());
    host_port_u16_.clear();
    for (int h = 0; h < hosts; ++h) {
        if (host_port[static_cast<size_t>(h)].index < 0)
            throw ModelInconsistency("fabric: host " + std::to_string(h) + " is not wired");
        host_port_u16_.push_back(static_cast<uint16_t>(host_port[static_cast<size_t>(h)].port));
    }
}

std::string Topology::describe() const {
    int hosts_links = 0, spine_links = 0, core_links = 0;
    for (const auto& l : links) (l.kind == "host" ? hosts_links : l.kind == "spine" ? spine_links : core_links)++;
    std::vector<std::pair<std::string, int>> tiers;  // in order of first appearance, with their counts
    std::vector<int> ports;
    for (const auto& sw : switches) {
        auto it = std::find_if(tiers.begin(), tiers.end(), [&](const auto& t) { return t.first == sw.tier; });
        if (it != tiers.end()) {
            ++it->second;
            continue;
        }
        tiers.push_back({sw.tier, 1});
        ports.push_back(sw.ports);
    }
    std::string tier_text;
    for (size_t i = 0; i < tiers.size(); ++i)
        tier_text += fmt::format("{}{} {} ({} ports)", i ? ", " : "", tiers[i].second, tiers[i].first, ports[i]);
    std::string out = planes == 1 ? fmt::format("{} hosts, {} switches: {}; {} host links, {} spine links", hosts,
                                                switches.size(), tier_text, hosts_links, spine_links)
                                  : fmt::format("{} planes of {} hosts each, {} switches: {}; {} host links, {} spine links",
                                                planes, gpus(), switches.size(), tier_text, hosts_links, spine_links);
    if (core_links) out += fmt::format(", {} core links", core_links);
    return out;
}

namespace {

Topology empty_topology(int hosts) {
    Topology t;
    t.hosts = hosts;
    t.host_port.assign(static_cast<size_t>(hosts), PortEnd{false, -1, 0});
    return t;
}

int add_switch(Topology& t, const std::string& name, const std::string& tier, int ports) {
    t.switches.push_back({name, tier, ports});
    t.peer.emplace_back(static_cast<size_t>(ports), PortEnd{false, -1, 0});
    t.uplink.emplace_back(static_cast<size_t>(ports), 0);
    return static_cast<int>(t.switches.size()) - 1;
}

// Leaves with hosts_per_leaf hosts and `uplinks` uplinks spread over the spines. rail: host
// s x leaves + r (GPU r of server s) is on leaf r; else host l x hosts_per_leaf + j on leaf l.
// spine: the spines' name and tier ("ocs": optical circuit switches ocs<j>); ocs_uplinks
// (hybrid): each leaf's further uplinks, after those to the spines, over ocs_units OCS ocs<k>.
Topology leaf_spine(const FabricConfig& c, bool rail, const std::string& spine = "spine", int ocs_uplinks = 0,
                    int ocs_units = 0) {
    const int up = static_cast<int>(std::lround(c.hosts_per_leaf / c.oversubscription));
    const int per_spine = up / c.spines;  // parallel links from each leaf to each spine
    Topology t = empty_topology(c.leaves * c.hosts_per_leaf);
    for (int l = 0; l < c.leaves; ++l) add_switch(t, "leaf" + std::to_string(l), "leaf", c.hosts_per_leaf + up + ocs_uplinks);
    for (int s = 0; s < c.spines; ++s) add_switch(t, spine + std::to_string(s), spine, c.leaves * per_spine);
    const int per_unit = ocs_units ? ocs_uplinks / ocs_units : 0;
    for (int u = 0; u < ocs_units; ++u) add_switch(t, "ocs" + std::to_string(u), "ocs", c.leaves * per_unit);
    for (int l = 0; l < c.leaves; ++l)
        for (int m = 0; m < ocs_uplinks; ++m)
            t.connect({false, l, c.hosts_per_leaf + up + m},
                      {false, c.leaves + c.spines + m / per_unit, l * per_unit + m % per_unit}, c.spine_link_m, "spine");
    for (int l = 0; l < c.leaves; ++l)
        for (int j = 0; j < c.hosts_per_leaf; ++j) {
            const int host = rail ? j * c.leaves + l : l * c.hosts_per_leaf + j;
            t.connect({true, host, 0}, {false, l, j}, c.host_link_m, "host");
        }
    for (int l = 0; l < c.leaves; ++l)
        for (int s = 0; s < c.spines; ++s)
            for (int m = 0; m < per_spine; ++m)
                t.connect({false, l, c.hosts_per_leaf + s * per_spine + m},
                          {false, c.leaves + s, l * per_spine + m}, c.spine_link_m, "spine");
    return t;
}

// The 3-tier fat-tree of Al-Fares et al. (SIGCOMM 2008): k pods of k/2 edge and k/2
// aggregation switches, (k/2)^2 cores; aggregation j of every pod reaches cores
// j x k/2 .. j x k/2 + k/2 - 1.
Topology fat_tree(const FabricConfig& c) {
    const int k = c.k, h = k / 2;
    Topology t = empty_topology(k * k * k / 4);
    auto edge = [&](int pod, int i) { return pod * k + i; };
    auto agg = [&](int pod, int j) { return pod * k + h + j; };
    for (int pod = 0; pod < k; ++pod) {
        for (int i = 0; i < h; ++i) add_switch(t, fmt::format("edge{}_{}", pod, i), "edge", k);
        for (int j = 0; j < h; ++j) add_switch(t, fmt::format("agg{}_{}", pod, j), "agg", k);
    }
    const int core0 = k * k;
    for (int c0 = 0; c0 < h * h; ++c0) add_switch(t, "core" + std::to_string(c0), "core", k);
    for (int pod = 0; pod < k; ++pod)
        for (int i = 0; i < h; ++i) {
            for (int j = 0; j < h; ++j)
                t.connect({true, (pod * h + i) * h + j, 0}, {false, edge(pod, i), j}, c.host_link_m, "host");
            for (int j = 0; j < h; ++j) t.connect({false, edge(pod, i), h + j}, {false, agg(pod, j), i}, c.spine_link_m, "spine");
        }
    for (int pod = 0; pod < k; ++pod)
        for (int j = 0; j < h; ++j)
            for (int m = 0; m < h; ++m) t.connect({false, agg(pod, j), h + m}, {false, core0 + j * h + m, pod}, c.core_link_m, "core");
    return t;
}

// P copies of one plane's wiring: plane p's switches and NIC ports follow plane p - 1's.
Topology planes_of(const Topology& one, int planes) {
    Topology t = empty_topology(one.hosts * planes);
    t.planes = planes;
    const int S = static_cast<int>(one.switches.size());
    for (int p = 0; p < planes; ++p)
        for (const FabricSwitch& sw : one.switches) add_switch(t, sw.name + "_p" + std::to_string(p), sw.tier, sw.ports);
    for (int p = 0; p < planes; ++p) {
        auto moved = [&](PortEnd e) {
            e.index += e.host ? p * one.hosts : p * S;
            return e;
        };
        for (const FabricLink& l : one.links) t.connect(moved(l.a), moved(l.b), l.length_m, l.kind);
    }
    return t;
}

}  // namespace

Topology build_topology(const FabricConfig& config) {
    Topology t;
    switch (config.topology) {
        case TopologyKind::leaf_spine: t = leaf_spine(config, false); break;
        case TopologyKind::rail: t = leaf_spine(config, true); break;
        case TopologyKind::fat_tree: t = fat_tree(config); break;
        case TopologyKind::ocs: t = leaf_spine(config, false, "ocs"); break;
        case TopologyKind::hybrid: t = leaf_spine(config, false, "spine", config.ocs_uplinks, config.ocs_units); break;
        case TopologyKind::single: throw std::logic_error("build_topology: a single switch is not a fabric");
    }
    if (config.planes > 1) t = planes_of(t, config.planes);
    t.finish();
    return t;
}

}  // namespace cposim
