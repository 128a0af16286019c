// Template definitions of table_programme.h.
#pragma once

#include <string>

#include "errors.h"
#include "frame_builder.h"
#include "l2_hash.h"

namespace cposim::fwd {

template <class Bus>
void TableProgrammer<Bus>::write_l2(uint32_t index, bool valid, uint16_t vid, uint64_t mac,
                                    uint8_t port) {
    bus_.write32(L2_MAC_LO, static_cast<uint32_t>(mac));
    bus_.write32(L2_MAC_HI, (uint32_t{vid} << 16) | static_cast<uint32_t>((mac >> 32) & 0xFFFF));
    bus_.write32(L2_RESULT, (valid ? kL2ResultValid : 0u) | port);
    bus_.write32(L2_CMD, kL2CmdWrite | index);
}

template <class Bus>
bool TableProgrammer<Bus>::add_l2(uint16_t vid, uint64_t mac, uint8_t port) {
    const uint32_t set = l2_set_index(vid, mac, log2_exact(kL2Sets));
    if (used_ways_[set] >= kL2Ways) return false;
    write_l2(set * kL2Ways + used_ways_[set]++, true, vid, mac, port);
    return true;
}

template <class Bus>
void TableProgrammer<Bus>::set_ctrl(bool flood_unknown, uint16_t pvid) {
    bus_.write32(CTRL, (flood_unknown ? kCtrlFloodUnknown : 0u) |
                           (uint32_t{pvid} << kCtrlPvidShift));
}

inline L2HostTable fit_l2_hosts(const std::vector<L2Host>& hosts) {
    L2HostTable t;
    std::array<uint8_t, kL2Sets> used{};
    for (const L2Host& h : hosts) {
        uint8_t& ways = used[l2_set_index(h.vid, h.mac, log2_exact(kL2Sets))];
        if (ways < kL2Ways) {
            ++ways;
            t.installed.push_back(h);
        } else {
            ++t.left_out;
        }
    }
    return t;
}

// The pipeline is one (ID) and serves `ports` ports.
template <class Bus>
void check_pipeline_ports(Bus& bus, int ports) {
    if (bus.read32(ID) != kIdValue)
        throw ModelInconsistency("forwarding pipeline: register ID does not read CPO1");
    const int hw_ports = static_cast<int>(bus.read32(PORTS));
    if (ports > hw_ports)
        throw ConfigError("switch.ports: " + std::to_string(ports) +
                          " ports, but the forwarding pipeline (rtl/fwd_pipeline.sv) serves at "
                          "most " + std::to_string(hw_ports) +
                          "; use switch.pipeline=destination for larger switches");
}

template <class Bus>
void program_hosts(Bus& bus, int ports, const std::vector<L2Host>& hosts) {
    check_pipeline_ports(bus, ports);
    TableProgrammer<Bus> prog(bus);
    prog.set_ctrl(false, kResetPvid);
    for (const L2Host& h : fit_l2_hosts(hosts).installed)
        if (!prog.add_l2(h.vid, h.mac, h.port))
            throw ModelInconsistency("forwarding pipeline: L2 set full installing a host that fit");
}

template <class Bus>
void program_default_tables(Bus& bus, int ports) {
    check_pipeline_ports(bus, ports);
    TableProgrammer<Bus> prog(bus);
    prog.set_ctrl(false, 1);
    for (int p = 0; p < ports; ++p)
        if (!prog.add_l2(1, port_mac(p), static_cast<uint8_t>(p)))
            throw ModelInconsistency("forwarding pipeline: L2 set full installing port " +
                                     std::to_string(p) + " (address plan and hash disagree)");
}

}  // namespace cposim::fwd
