// The PHY of one switch port: a module on the link path between the fibre and the switch,
// in both directions, that tells the switch port of its link state.
//
//   fibre --rx_in--> [PortPhy] --rx_out--> switch ingress      (receive: partner to switch)
//   switch egress --tx_in--> [PortPhy] --tx_out--> fibre       (transmit: switch to partner)
//   link_status --> the switch port (LinkStatusIf): link down / up
//
// The protocol a PHY keeps, whatever it models: trains of frames pass through (a payload
// carries frames linked by Packet::next, see packet_extension.h). Receive: it stamps every
// frame's first bit at the port (t_ingress_first_bit = t_sent + the train's shift: latency
// is measured from there); a frame it loses or corrupts gets drop_pending and a drop_reason,
// and the switch drops it when it would have been admitted; it may add its latency to the
// annotated delay. Transmit: a frame it corrupts gets bad_crc and a drop_reason, and the
// partner's receiver drops it. It announces link changes before they happen.
//
// Implementations are registered by name (port_phys(), chosen by phy.model); LanePhy
// (lane_phy.h) is the built-in one.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "decoupling_windows.h"
#include "fault_schedule.h"
#include "link_error_process.h"
#include "link_status.h"
#include "optical_engine.h"
#include "phy_config.h"
#include "registry.h"
#include "report.h"
#include "time_series.h"
#include "vcd_writer.h"
#include "warm_path.h"

namespace cposim {

struct PhyPortReport {
    FecCounters rx, tx;
    double pre_fec_ber_estimate = 0;  ///< from the corrected symbols of both directions
    TimePs down_ps = 0;               ///< time the link was down inside the window
    std::vector<std::pair<TimePs, std::string>> events;  ///< link down/up with cause
};

class PortPhy : public sc_core::sc_module, public StatsProvider {
public:
    tlm_utils::passthrough_target_socket<PortPhy> rx_in;  ///< from the fibre: the partner's frames
    tlm_utils::simple_initiator_socket<PortPhy> rx_out;   ///< to the switch port's ingress
    tlm_utils::passthrough_target_socket<PortPhy> tx_in;  ///< from the switch port's egress
    tlm_utils::simple_initiator_socket<PortPhy> tx_out;   ///< to the fibre
    sc_core::sc_port<LinkStatusIf> link_status;           ///< link down/up, to the switch port

    PortPhy(sc_core::sc_module_name name, int port);
    int port() const { return port_; }

    virtual void finish() {}  // after the simulation: count up to its end
    // The least delay it adds to every frame it receives (0 if it adds none): a lower bound
    // the fabric's windows may lengthen by.
    virtual TimePs least_rx_latency_ps() const { return 0; }
    virtual PhyPortReport report() const { return {}; }
    // phy.ports[port] from report(): FEC counters of both directions, degrade alarm, BER
    // estimate, corrupted frames, time down, link events; and its share of the phy totals.
    void write_stats(Report& report) const override;
    // Waves under phy.port<port>, sampled by `samples` where they are not written as they happen.
    virtual void trace_waves(VcdWriter&, TimeSeries&) {}

protected:
    // The lines its transport reads (warm_path.h), receiving or transmitting.
    virtual void add_hot_lines(WarmPath&, bool /*receiving*/) const {}
    virtual void rx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) = 0;
    virtual void tx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) = 0;
    // What rx_out and tx_out are bound to, read for every train (the sockets' own copies
    // are a line apart each); set here at the end of elaboration, so a PHY that overrides
    // end_of_elaboration() calls PortPhy's.
    tlm::tlm_fw_transport_if<>* rx_next_ = nullptr;
    tlm::tlm_fw_transport_if<>* tx_next_ = nullptr;
    void end_of_elaboration() override;

private:
    unsigned rx_path(tlm::tlm_generic_payload& gp);
    unsigned tx_path(tlm::tlm_generic_payload& gp);
    int port_;
};

// What a PHY is built from.
struct PhyContext {
    std::string name;              ///< its module name
    int port;                      ///< the switch port it serves (faults name it)
    const PhyConfig& config;
    const OpticalEngine& engine;   ///< the optical engine that carries its lanes
    const std::vector<Fault>& faults;
    DecouplingWindows& windows;    ///< the windows in which the switch hands over its trains
    TimePs warmup, end;            ///< the measurement window
    uint64_t seed;
};
using PhyFactory = std::function<std::unique_ptr<PortPhy>(const PhyContext&)>;

// The registered PHYs; the built-in one ("lanes") is there from the first call.
Registry<PhyFactory>& port_phys();

}  // namespace cposim
