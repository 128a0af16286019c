#include "switch_node.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cposim {

SwitchNode::SwitchNode(sc_core::sc_module_name name, const SwitchConfig& config, const PhyConfig& phy,
                       const std::vector<Fault>& faults, ForwardingPipeline& pipeline, PacketPool& pool,
                       TimePs quantum, TimePs end, TimePs warmup, uint64_t seed, VcdWriter* vcd)
    : sc_module(name), vcd_(vcd) {
    asic_ = std::make_unique<SwitchAsic>("asic", config, pipeline, pool, quantum, end, warmup, seed, vcd);
    const int ppe = phy.ports_per_engine();
    for (int e = 0; e < phy.engines(); ++e)
        engines_.push_back(std::make_unique<OpticalEngine>(("engine" + std::to_string(e)).c_str(), e, phy,
                                                           std::min(ppe, config.ports - e * ppe), faults, warmup, end));
    for (int i = 0; i < config.ports; ++i) {
        const PhyContext context{"phy" + std::to_string(i), i, phy, *engines_[static_cast<size_t>(i / ppe)], faults,
                                 quantum, warmup, end, seed};
        phys_.push_back(port_phys().at(phy.model).make(context));
        PortPhy& p = *phys_.back();
        p.rx_out.bind(*asic_->ingress[static_cast<size_t>(i)]);
        asic_->egress[static_cast<size_t>(i)]->bind(p.tx_in);
        p.link_status.bind(*asic_);
    }
}

void SwitchNode::sample_into(TimeSeries& series) {
    asic_->sample_into(series);
    const int power = series.column("power_w");
    // The optics' power at the sample point (piecewise constant: it changes only at planned
    // times), after the core's share over the interval.
    series.add_sampler([this, power](TimePs t, TimeSeries::Row& row) {
        PhyPower w;
        for (const auto& e : engines_) e->add_power_at(w, t);
        row[static_cast<size_t>(power)] += w.host_serdes + w.optics + w.laser + w.thermal_tuning;
    });
    if (!vcd_) return;
    const int power_mw = vcd_->add_variable("switch", "power_mw", 32);
    series.add_sampler([this, power, power_mw](TimePs t, TimeSeries::Row& row) {
        vcd_->change(power_mw, t, static_cast<uint64_t>(std::llround(row[static_cast<size_t>(power)] * 1e3)));
    });
    for (auto& p : phys_) p->trace(*vcd_, series);
    for (auto& e : engines_) e->trace(*vcd_, series);
}

void SwitchNode::finish() {
    for (auto& p : phys_) p->finish();
}

PhyPower SwitchNode::mean_phy_power() const {
    PhyPower w;
    for (const auto& e : engines_) e->add_mean_power(w);
    return w;
}

}  // namespace cposim
