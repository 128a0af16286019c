// The PHY of one switch port as a module on the link path: the port's lanes, FEC and the
// post-FEC error process, in both directions, and its link state.
//
//   fibre --rx_in--> [PortPhy] --rx_out--> switch ingress      (receive: partner to switch)
//   switch egress --tx_in--> [PortPhy] --tx_out--> fibre       (transmit: switch to partner)
//   link_status --> the switch port (LinkStatusIf): link down / up
//
// Trains of frames pass through; each frame is checked against the direction's
// LinkErrorProcess (links down: lost; overlapping an uncorrectable codeword: corrupted).
// Receive: the PHY stamps each frame's first bit at the port (t_ingress_first_bit, where
// latency is measured from), marks lost and corrupted frames to be dropped when they would
// be admitted (drop_pending, drop_reason), and adds the FEC latency (phy.fec_latency:
// encode at the sender and decode here, lumped) to the train's annotated delay. Transmit:
// a corrupted frame goes on with bad_crc set, for the partner's CRC to drop.
//
// What changes during a run is planned up front from the fault schedule and the port's
// optical engine's timeline: error rates, and down/up with their causes. A port whose
// pre-FEC BER reaches 1e-2 (e.g. an unlocked ring) is taken as down: its PCS cannot hold
// block lock (assumed threshold). The plan's link changes are announced to the switch port
// at the start of the simulation.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "drop_reason.h"
#include "fault_schedule.h"
#include "link_error_process.h"
#include "link_status.h"
#include "optical_engine.h"
#include "packet_extension.h"
#include "phy_config.h"
#include "time_series.h"
#include "vcd_writer.h"

namespace cposim {

struct PhyPortReport {
    FecCounters rx, tx;
    double pre_fec_ber_estimate = 0;  ///< from the corrected symbols of both directions
    TimePs down_ps = 0;               ///< time the link was down inside the window
    std::vector<std::pair<TimePs, std::string>> events;  ///< link down/up with cause
};

class PortPhy : public sc_core::sc_module {
public:
    tlm_utils::passthrough_target_socket<PortPhy> rx_in;  ///< from the fibre: the partner's frames
    tlm_utils::simple_initiator_socket<PortPhy> rx_out;   ///< to the switch port's ingress
    tlm_utils::passthrough_target_socket<PortPhy> tx_in;  ///< from the switch port's egress
    tlm_utils::simple_initiator_socket<PortPhy> tx_out;   ///< to the fibre
    sc_core::sc_port<LinkStatusIf> link_status;           ///< link down/up, to the switch port

    /// port: the switch port it serves (faults name it); engine: the optical engine that
    /// carries its lanes; quantum: the window in which the switch hands over its trains;
    /// warmup, end: the measurement window; seed: the run's.
    PortPhy(sc_core::sc_module_name name, int port, const PhyConfig& config, const OpticalEngine& engine,
            const std::vector<Fault>& faults, TimePs quantum, TimePs warmup, TimePs end, uint64_t seed);

    int port() const { return port_; }
    void finish();  // counts every link up to the end of the run
    PhyPortReport report() const;
    bool link_up_at(TimePs t) const;  // from the plan
    const FecCounters& tx_counters() const { return tx_.counters(); }

    // Waves under phy.port<port>: link_up at every sample point, and the transmit side's
    // uncorrectable codewords counted by each sample point (written as the switch hands over
    // its window's frames, up to a quantum behind it: the writer's lateness must allow one).
    void trace(VcdWriter& vcd, TimeSeries& samples);

private:
    enum class Fate { delivered, link_down, corrupted };
    static Fate fate(LinkErrorProcess& link, TimePs t0, TimePs t1) {
        if (!link.up_at(t0)) return Fate::link_down;
        return link.corrupts(t0, t1) ? Fate::corrupted : Fate::delivered;
    }
    void plan(const std::vector<Fault>& faults);
    void start_of_simulation() override;
    void rx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void tx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void sample_uncorrectable_before(TimePs t);  // the waves' sample points before t

    int port_;
    PhyConfig config_;
    const OpticalEngine& engine_;
    TimePs quantum_, warmup_, end_;
    sc_core::sc_time fec_latency_;
    DropReason corrupt_reason_;  // fec_uncorrectable, or fcs_error without FEC
    LinkErrorProcess rx_, tx_;
    std::vector<std::pair<TimePs, std::string>> events_;  // down/up with cause, in time order
    TimePs down_ps_ = 0;
    // Waves: the transmit counter at each sample point, written as frames cross it.
    VcdWriter* vcd_ = nullptr;
    int vcd_uncorrectable_ = -1;
    TimePs next_sample_ = 0, sample_interval_ = 0;
};

}  // namespace cposim
