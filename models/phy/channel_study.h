// The host's electrical channel of every packaging at 100G and 200G lanes (106.25 and 212.5
// Gb/s PAM4), side by side: why 200G lanes are hard over a pluggable's board channel and not
// over a co-packaged engine's. Each row takes the packaging's channel (its loss in proportion
// to the Nyquist frequency, packaging.h) and host SerDes class, the SNR an equalising SerDes
// of that class reaches over it (electrical_channel.h), and the pre-FEC BER of the whole link
// with this run's optical margin (the packaging's interface decides whether the segments'
// noise or their errors add). Front-panel modules get a second row with a chip-to-module
// (VSR-class, CEI-112G-VSR) host SerDes: what reaches a module's cage at 100G lanes, and
// what does not at 200G.
#pragma once

#include <vector>

#include "phy_config.h"

namespace cposim {

struct ChannelStudyRow {
    Packaging packaging;
    double lane_rate_gbps;           ///< 106.25 or 212.5
    ChannelClass serdes_class;       ///< the packaging's host SerDes
    double reach_db;                 ///< what that class equalises at its design BER
    double insertion_loss_db;        ///< the packaging's channel at this lane's Nyquist
    double channel_margin_db;        ///< reach - loss: negative is beyond the class
    double electrical_snr_db;        ///< one host channel
    double pre_fec_ber;              ///< the link: two host channels and the optical span
    double serdes_pj_per_bit;        ///< the host SerDes' energy at this class
};

// Every packaging at 106.25 and 212.5 Gb/s lanes (and a VSR host SerDes for front-panel
// modules), with `optical_margin_db` of optical margin.
std::vector<ChannelStudyRow> host_channel_study(double optical_margin_db);

}  // namespace cposim
