// How the optics are packaged relative to the switch ASIC, and what that changes: the host
// SerDes' electrical channel (class and insertion loss), the optics' own electrical interface
// to the host (a SerDes on the engine, a module's DSP retimer, or none: linear drive), whether
// the optics are a front-panel module (own DC-DC, air cooled, the published figure is the
// module's), and the published optics power per 800G port for comparison with the bottom-up
// model. Values and sources in packaging.cpp and docs/phy.md.
//
//   pluggable  front-panel module with a DSP retimer; the host drives ~22 dB of board (LR)
//   lpo        linear pluggable: no DSP, the host SerDes drives the module's optics directly
//   npo        near-packaged: optics on the board next to the ASIC, a VSR channel, a VSR SerDes
//   cpo        co-packaged: optics on the ASIC's substrate, an XSR channel, an XSR SerDes
#pragma once

#include <string>

#include "electrical_channel.h"

namespace cposim {

enum class Packaging { pluggable, lpo, npo, cpo };

const char* packaging_name(Packaging p);
Packaging parse_packaging(const std::string& name);  // throws std::invalid_argument

// The optics' electrical interface to the host, on the engine or in the module: linear (the
// host SerDes drives the modulator drivers and reads the TIAs directly: nothing retimes), an
// XSR or VSR SerDes (ends the electrical link with clock recovery and equalisation), or a
// DSP retimer (a pluggable's: host-side SerDes, CDR, line-side equalisation).
enum class EngineInterface { linear, xsr, vsr, dsp };
const char* engine_interface_name(EngineInterface i);
EngineInterface parse_engine_interface(const std::string& name);  // throws std::invalid_argument
// Energy per bit of line rate (TX + RX) of an interface, pJ/bit; values in packaging.cpp.
double engine_interface_pj_per_bit(EngineInterface i);
// The electrical and optical segments are detected separately (error ratios add) unless linear.
inline bool retimed(EngineInterface i) { return i != EngineInterface::linear; }

struct PackagingTraits {
    ChannelClass host_channel;             ///< the host SerDes' reach class
    double host_channel_loss_db_200g;      ///< typical insertion loss at a 200G lane's Nyquist (53.125 GHz), dB
    EngineInterface interface;             ///< the optics' side of the host link (optics.engine_interface=auto)
    bool front_panel_module;               ///< optics in a front-panel module: own DC-DC, air cooled
    double published_optics_w_per_800g;    ///< published module/engine power per 800G port, W (0: none)
};
PackagingTraits packaging_traits(Packaging p);

// The Nyquist frequency the packaging's channel losses are given at: a 200G lane, 106.25 GBd.
constexpr double reference_baud_gbd = 106.25;
// A channel's insertion loss at another symbol rate: loss in dB grows in proportion to the
// Nyquist frequency (assumed: dielectric loss, proportional to frequency, dominates).
double channel_loss_at_baud_db(double loss_db_at_reference, double baud_gbd);

}  // namespace cposim
