// The built-in PHY of a switch port (registered as "lanes"): the port's k lanes behind one
// FEC and the post-FEC error process, in both directions, and its link state.
//
// Each frame is checked against its direction's LinkErrorProcess: on a down link it is
// lost; overlapping an uncorrectable codeword it is corrupted. Receive: lost and corrupted
// frames are marked to be dropped at admission (drop_reason link_down, or
// fec_uncorrectable / fcs_error without FEC), and the FEC latency (phy.fec_latency: encode
// at the sender and decode here, lumped) is added to the train's annotated delay. Transmit:
// a corrupted frame goes on with bad_crc set.
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

#include "drop_reason.h"
#include "packet_extension.h"
#include "port_phy.h"

namespace cposim {

class LanePhy final : public PortPhy {
public:
    explicit LanePhy(const PhyContext& context);

    void finish() override;  // counts every link up to the end of the run
    TimePs least_rx_latency_ps() const override { return sc_to_ps(fec_latency_ + retimer_latency_); }
    PhyPortReport report() const override;
    bool link_up_at(TimePs t) const;  // from the plan
    const FecCounters& tx_counters() const { return tx_.counters(); }

    // Waves under phy.port<port>: link_up at every sample point, and the transmit side's
    // uncorrectable codewords counted by each sample point (written as the switch hands over
    // its window's frames, up to a window behind it: the writer's lateness must allow one).
    void trace_waves(VcdWriter& vcd, TimeSeries& samples) override;

private:
    TimePs down_in_window() const;  // the time the link was down in the measurement window
    enum class Fate { delivered, link_down, corrupted };
    static Fate fate(LinkErrorProcess& link, TimePs t0, TimePs t1) {
        if (!link.up_at(t0)) return Fate::link_down;
        return link.corrupts(t0, t1) ? Fate::corrupted : Fate::delivered;
    }
    void plan(const std::vector<Fault>& faults);
    void start_of_simulation() override;
    void add_hot_lines(WarmPath& path, bool receiving) const override;
    void rx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    void tx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override;
    void sample_uncorrectable_before(TimePs t);  // the waves' sample points before t

    PhyConfig config_;
    const OpticalEngine& engine_;
    DecouplingWindows& windows_;
    TimePs warmup_, end_;
    sc_core::sc_time fec_latency_, retimer_latency_;  // FEC encode + decode; the DSP retimers in and out
    DropReason corrupt_reason_;  // fec_uncorrectable, or fcs_error without FEC
    LinkErrorProcess rx_, tx_;
    std::vector<std::pair<TimePs, std::string>> events_;  // down/up with cause, in time order
    // Waves: the transmit counter at each sample point, written as frames cross it.
    VcdWriter* vcd_ = nullptr;
    int vcd_uncorrectable_ = -1;
    TimePs next_sample_ = 0, sample_interval_ = 0;
};

}  // namespace cposim
