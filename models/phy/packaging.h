// How the optics are packaged relative to the switch ASIC, and what that changes: the host
// SerDes' electrical channel (class and insertion loss), its energy per bit, whether the
// module has a DSP retimer (with its own SerDes) and what it burns, and the published optics
// power per 800G port for comparison with the bottom-up model. Values and sources in
// packaging.cpp and docs/phy.md.
//
//   pluggable  front-panel module with a DSP retimer; the host drives ~22 dB of board (LR)
//   lpo        linear pluggable: no DSP, the host SerDes drives the module's optics directly
//   npo        near-packaged: optics on the board next to the ASIC, a VSR channel, no DSP
//   cpo        co-packaged: optics on the ASIC's substrate, an XSR channel of a few dB
#pragma once

#include <string>

#include "electrical_channel.h"

namespace cposim {

enum class Packaging { pluggable, lpo, npo, cpo };

const char* packaging_name(Packaging p);
Packaging parse_packaging(const std::string& name);  // throws std::invalid_argument

struct PackagingTraits {
    ChannelClass host_channel;         ///< the host SerDes' reach class
    double host_channel_loss_db;       ///< typical insertion loss at Nyquist, dB
    double host_serdes_pj_per_bit;     ///< host SerDes, TX + RX per bit of line rate, pJ/bit
    bool module_dsp;                   ///< a DSP retimer (and its host-side SerDes) in the module
    double module_dsp_w_per_800g;      ///< that DSP's power per 800 Gb/s, W (0 without DSP)
    bool retimed;                      ///< the electrical and optical segments are detected separately
    double published_optics_w_per_800g;  ///< published module/engine power per 800G port, W (0: none)
};
PackagingTraits packaging_traits(Packaging p);

}  // namespace cposim
