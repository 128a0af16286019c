// A capture replayed by the link partners (traffic.source=pcap): which port each frame
// enters, when, and how long it is on the wire; where the destination pipeline sends it;
// the hosts the forwarding pipeline's tables get. Plain C++ (`cposim classify` uses the same
// rules without a simulation).
//
//   ingress (traffic.pcap_port)  source_mac: port = source MAC mod ports (a host's frames
//                                enter where frames to it leave); round_robin: record n
//                                enters port (n - 1) mod ports; interface: the pcapng
//                                interface id mod ports (pcap: 0)
//   time (traffic.pcap_timing)   capture: each frame at its timestamp from the earliest one;
//                                load: timestamps scaled so that the ports the frames enter
//                                are offered traffic.load on average (below)
//   length                       the captured frame's length plus its FCS, short frames
//                                padded to 64 bytes unless traffic.pcap_pad_short=false;
//                                frames the snapshot length cut keep their length and their
//                                captured bytes only (the pipeline's truncation rules apply)
//   destination                  host_port(destination MAC); group addresses flood
//   class                        as the pipeline classifies: PCP if tagged, else DSCP[5:3]
//
// Load: a capture of n frames whose timestamps span T carries them at n / (T n / (n - 1))
// frames per second (the mean gap, counted n times: a capture at a steady rate gives that
// rate); its load on P ports is W / (P D) with W the frames' wire time and D = T n / (n - 1).
// traffic.pcap_loop repeats the capture every s D (s: the time scale).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture_file.h"
#include "packet.h"
#include "parameters.h"
#include "report.h"
#include "table_programme.h"

namespace cposim {

enum class IngressRule { source_mac, round_robin, interface };

struct CaptureReplayConfig {
    std::string file;
    IngressRule ingress = IngressRule::source_mac;
    bool rescale = false;  // traffic.pcap_timing=load
    double load = 0;       // traffic.load: the target with rescale
    bool loop = false;
    bool pad_short = true;

    static void declare_parameters(ParameterRegistry& r);
    // Throws ConfigError naming the key when traffic.pcap_file is empty.
    static CaptureReplayConfig from(const ParameterSet& p);
};

class CaptureReplay {
public:
    // Reads the capture (ConfigError for a bad file, or a frame no port can carry).
    CaptureReplay(const CaptureReplayConfig& config, int ports, double port_speed_gbps);

    struct Frame {
        const CapturedFrame* capture;
        TimePs t;         // ready at its partner, in the first pass
        TimePs wire_ps;   // (bytes + 20) x 8 / rate
        uint32_t bytes;   // on the wire, FCS included
        uint16_t port;    // ingress
        uint16_t dst;     // host_port of the destination MAC
        uint8_t tc;       // as the pipeline classifies it
        bool group;       // destination is a group address: the destination pipeline floods
    };
    const std::vector<Frame>& frames() const { return frames_; }  // in time order
    // The ingress port of the frame with file index i (0-based record number).
    int ingress_port(size_t i) const { return ingress_[i]; }
    const CaptureFile& capture() const { return *capture_; }
    TimePs pass_ps() const { return pass_ps_; }  // one pass of the capture, scaled
    double time_scale() const { return scale_; }
    int ports_used() const { return ports_used_; }
    double capture_load() const { return capture_load_; }  // on the ports used, before scaling
    int classes() const { return classes_; }
    const CaptureReplayConfig& config() const { return config_; }
    // The hosts for the pipeline's L2 table (capture_hosts.h), and how many fit it.
    const std::vector<fwd::L2Host>& hosts() const { return hosts_; }
    const fwd::L2HostTable& host_table() const { return table_; }

    // replay.*: file, format, frames, ports_used, capture_load, time_scale, pass_us,
    // l2_hosts, l2_hosts_installed, l2_hosts_left_out.
    void write_stats(Report& report) const;

private:
    CaptureReplayConfig config_;
    std::unique_ptr<CaptureFile> capture_;
    std::vector<Frame> frames_;
    std::vector<int> ingress_;
    TimePs pass_ps_ = 0;
    double scale_ = 1, capture_load_ = 0;
    int ports_used_ = 0, classes_ = 1;
    std::vector<fwd::L2Host> hosts_;
    fwd::L2HostTable table_;
};

}  // namespace cposim
