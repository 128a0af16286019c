// Parameters of the switch ASIC model: ports, clock, buffer, queueing architecture,
// scheduling, PFC and ECN.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "parameters.h"

namespace cposim {

constexpr int traffic_class_count = 8;

enum class SchedulerKind { strict, dwrr };

struct PfcConfig {
    bool enabled = false;
    uint8_t lossless_mask = 0;   ///< classes that are lossless (PFC-protected)
    double xoff_bytes = 0;       ///< per (ingress port, class): pause above this
    double xon_bytes = 0;        ///< resume below this
    uint32_t mtu_bytes = 0;      ///< largest frame, for the headroom
    double headroom_bytes = 0;   ///< computed per (ingress port, lossless class) from the longest link
    /// Per ingress port, from its own link (set_port_link_delays); empty: headroom_bytes for all.
    std::vector<double> port_headroom_bytes;
    /// 0: every (ingress port, lossless class) reserves its full headroom; else the lossless
    /// groups draw their headroom from one pool this large, each up to its own headroom.
    double headroom_pool_bytes = 0;
    double headroom_of(int port) const {
        return port_headroom_bytes.empty() ? headroom_bytes : port_headroom_bytes[static_cast<size_t>(port)];
    }
};

struct EcnConfig {
    bool enabled = false;
    double kmin_bytes = 0, kmax_bytes = 0, pmax = 0;
};

struct SwitchConfig {
    int ports = 0;
    double port_speed_gbps = 0;   ///< line rate of every port
    double core_clock_ghz = 0;    ///< switch core clock
    int pipelines = 1;            ///< forwarding pipelines, each serving ports / pipelines ports
    int pipeline_fifo_headers = 0;  ///< headers a clocked pipeline's ingress FIFO holds
    std::string queueing;         ///< a registered queueing fabric (queueing_fabric.h)
    int islip_iterations = 1;
    int speedup = 1;
    bool cut_through = false;
    uint32_t cell_bytes = 0;      ///< buffer and crossbar cell
    double buffer_bytes = 0;      ///< shared packet buffer
    double dt_alpha = 0;          ///< dynamic threshold factor (Choudhury and Hahne)
    uint32_t reserved_cells = 0;  ///< static reservation per (egress port, class) queue
    SchedulerKind scheduler = SchedulerKind::strict;
    std::array<uint32_t, traffic_class_count> dwrr_weights{};
    PfcConfig pfc;
    /// Its partners send PFC frames (a fabric's switches and NICs): the ASIC gets pause_in
    /// sockets and honours them. Not a parameter: the testbench that wires it decides.
    bool receives_pauses = false;
    /// A fabric's switch (the fabric testbench sets it; not a parameter: results are the same
    /// either way). Everything it receives arrives before the window that admits it begins
    /// (a fabric's windows are no longer than any input's delay to its admission or
    /// arrival), so a window need not first let the partners deliver, and one process
    /// (SwitchDriver) runs all the fabric's switches; with nothing to do in its next window
    /// it sleeps until its next event or until a frame arrives (most are idle most of the time).
    bool in_fabric = false;
    EcnConfig ecn;
    double link_delay_ps = 0;     ///< one-way fibre delay to the partners (for PFC headroom)
    double core_static_w = 0;     ///< core static power
    double core_pj_per_bit = 0;   ///< core dynamic energy per forwarded bit

    static void declare_parameters(ParameterRegistry& r);
    static SwitchConfig from(const ParameterSet& p, double link_delay_ps);
    /// Each port's own one-way fibre delay (a fabric's links differ): its PFC headroom.
    void set_port_link_delays(const std::vector<double>& delay_ps);
};

// PFC headroom for one (ingress port, lossless class), after the IEEE 802.1Qbb method:
// the bytes that can still arrive after the switch decides to pause: a maximum frame
// ahead of the pause frame on the egress wire, the pause frame itself, the link's round
// trip, the partner's response time, and the partner's frame already on the wire.
double pfc_headroom_bytes(double port_speed_gbps, double link_delay_ps, uint32_t mtu_bytes);

// PFC response time in pause quanta (512 bit times) that IEEE 802.3 Annex 31B allows a
// PHY+MAC at this rate: 394 at 100G, 905 at 400G; other rates are interpolated linearly
// in the rate (assumed).
double pfc_response_quanta(double port_speed_gbps);

}  // namespace cposim
