#include "electrical_channel.h"

#include <algorithm>
#include <stdexcept>

#include "signal_quality.h"

namespace cposim {

const char* channel_class_name(ChannelClass c) {
    switch (c) {
        case ChannelClass::xsr: return "xsr";
        case ChannelClass::vsr: return "vsr";
        case ChannelClass::mr: return "mr";
        case ChannelClass::lr: return "lr";
    }
    return "?";
}

ChannelClass parse_channel_class(const std::string& name) {
    if (name == "xsr") return ChannelClass::xsr;
    if (name == "vsr") return ChannelClass::vsr;
    if (name == "mr") return ChannelClass::mr;
    if (name == "lr") return ChannelClass::lr;
    throw std::invalid_argument("unknown channel class '" + name + "' (xsr, vsr, mr, lr)");
}

double channel_class_reach_db(ChannelClass c) {
    switch (c) {
        case ChannelClass::xsr: return 13.0;  // CEI-112G-XSR+ <= 13 dB bump to bump (docs/references.md "Electrical channel reach")
        case ChannelClass::vsr: return 16.0;  // CEI-112G-VSR 16 dB (docs/references.md "Electrical channel reach")
        case ChannelClass::mr: return 20.0;   // CEI-112G-MR class, ~20 dB (assumed: not in docs/references.md)
        case ChannelClass::lr: return 35.0;   // 100GBASE-KR4 35 dB (docs/references.md "Electrical channel reach", Intel AN 846)
    }
    return 0;
}

double channel_class_energy_pj_per_bit(ChannelClass c) {
    switch (c) {
        case ChannelClass::xsr: return 1.1;  // <1.1 pJ/b at 113G PAM4, 1-12 dB (docs/references.md "XSR SerDes energy")
        case ChannelClass::vsr: return 2.0;  // assumed: between XSR and LR
        case ChannelClass::mr: return 3.0;   // assumed: between VSR and LR
        case ChannelClass::lr: return 5.0;   // assumed: a long-reach 112G SerDes, several times the XSR figure
    }
    return 0;
}

double ElectricalChannel::snr_db(Modulation m) const {
    const double at_reach = snr_db_for_ber(m, design_ber);
    return std::min(snr_ceiling_db, at_reach + (reach_db() - insertion_loss_db));
}

double ElectricalChannel::ber(Modulation m) const { return ber_from_snr_db(m, snr_db(m)); }

}  // namespace cposim
