// The electrical channel between a SerDes and what it drives (the optical engine, a
// pluggable module's DSP, or the module's linear driver), by OIF/IEEE reach class and
// insertion loss at Nyquist, and the SNR an equalising SerDes achieves over it.
//
// Model (assumed, deliberately simple): a SerDes of a class is designed to reach the class's
// maximum insertion loss at a detector error ratio of `design_ber` (1e-5, assumed: the order
// of the targets of IEEE 802.3ck electrical interfaces). Every dB of loss below that reach
// buys 1 dB of SNR, every dB beyond costs 1 dB (equaliser noise enhancement and residual
// ISI), up to a ceiling of 28 dB set by transmitter and ADC noise (assumed).
#pragma once

#include <string>

#include "lane_rate.h"

namespace cposim {

enum class ChannelClass { xsr, vsr, mr, lr };

const char* channel_class_name(ChannelClass c);
ChannelClass parse_channel_class(const std::string& name);  // throws std::invalid_argument
// The maximum insertion loss (dB at Nyquist) a SerDes of the class is built to equalise.
double channel_class_reach_db(ChannelClass c);
// The energy per bit of line rate (TX + RX at one end) of a SerDes of the class, pJ/bit.
double channel_class_energy_pj_per_bit(ChannelClass c);

struct ElectricalChannel {
    ChannelClass cls = ChannelClass::xsr;
    double insertion_loss_db = 0;  ///< at the Nyquist frequency, dB

    static constexpr double design_ber = 1e-5;      ///< BER at the class's reach (assumed)
    static constexpr double snr_ceiling_db = 28.0;  ///< best SNR whatever the loss (assumed)

    double reach_db() const { return channel_class_reach_db(cls); }
    double snr_db(Modulation m) const;
    double ber(Modulation m) const;
};

}  // namespace cposim
