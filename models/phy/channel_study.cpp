#include "channel_study.h"

#include "signal_quality.h"

namespace cposim {

std::vector<ChannelStudyRow> host_channel_study(double optical_margin_db) {
    std::vector<ChannelStudyRow> rows;
    auto add = [&](Packaging p, ChannelClass cls, double lane_gbps) {
        const PackagingTraits t = packaging_traits(p);
        const LaneRate lane = LaneRate::from_line_rate(lane_gbps, Modulation::pam4);
        const ElectricalChannel channel{cls, channel_loss_at_baud_db(t.host_channel_loss_db_200g, lane.baud_gbd())};
        PhyConfig::BerModel ber;
        ber.modulation = Modulation::pam4;
        ber.retimed = retimed(t.interface);
        ber.electrical_snr_db = channel.snr_db(Modulation::pam4);
        ber.snr_at_sensitivity_db = optical_snr_db(Modulation::pam4, 0.0, PhyConfig::ber_at_sensitivity);
        rows.push_back({p, lane_gbps, cls, channel.reach_db(), channel.insertion_loss_db,
                        channel.reach_db() - channel.insertion_loss_db, ber.electrical_snr_db,
                        ber.ber(optical_margin_db), channel_class_energy_pj_per_bit(cls)});
    };
    for (Packaging p : {Packaging::pluggable, Packaging::lpo, Packaging::npo, Packaging::cpo}) {
        const PackagingTraits t = packaging_traits(p);
        for (double lane_gbps : {106.25, 212.5}) add(p, t.host_channel, lane_gbps);
        if (t.front_panel_module && t.host_channel != ChannelClass::vsr)  // a chip-to-module SerDes
            for (double lane_gbps : {106.25, 212.5}) add(p, ChannelClass::vsr, lane_gbps);
    }
    return rows;
}

}  // namespace cposim
