#include "switch_node.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "channel_study.h"
#include "errors.h"

namespace cposim {

SwitchNode::SwitchNode(sc_core::sc_module_name name, const ParameterSet& params, const SwitchConfig& config,
                       double link_length_m, const std::vector<Fault>& faults, const std::string& rtl_waves_stem,
                       PacketPool& pool, DecouplingWindows& windows, TimePs end, TimePs warmup, uint64_t seed, VcdWriter* vcd,
                       const std::vector<fwd::L2Host>* l2_hosts, ForwardingPipeline* routing)
    : sc_module(name), vcd_(vcd) {
    const std::string me = this->name();
    // What the PHYs take from the switch, passed in: they read only their own keys.
    const ParameterSet switch_params = params.for_instance(me);
    // A part's values: its switch's, unless an override reaches the part and not the switch.
    std::optional<ParameterSet> own;
    auto values_of = [&](const std::string& part) -> const ParameterSet& {
        if (params.sees_as(part, me)) return switch_params;
        return own.emplace(params.for_instance(part));
    };
    const PortShape shape{config.port_speed_gbps, config.ports, link_length_m,
                          switch_params.value("switch.port_speed").origin + ": switch.port_speed: "};
    phy_config_ = PhyConfig::from(switch_params, shape);
    // The forwarding pipelines: one that decides at once, or switch.pipelines clocked ones.
    auto make_pipeline = [&](int k) {
        PipelineBuildOptions options;
        options.ports = config.ports;
        options.name = "pipeline" + std::to_string(k);
        options.l2_hosts = l2_hosts;
        if (!rtl_waves_stem.empty()) options.waves_stem = rtl_waves_stem + (k ? std::to_string(k) : "");
        pipelines_.push_back(make_forwarding_pipeline(switch_params, options));
    };
    std::vector<ForwardingPipeline*> pipelines;
    if (routing) pipelines.push_back(routing);
    else make_pipeline(0);
    if (!routing && pipelines_.front()->clocked()) {
        if (config.pipelines > config.ports || config.ports % config.pipelines != 0)
            throw ConfigError(switch_params.value("switch.pipelines").origin + ": switch.pipelines: " +
                              std::to_string(config.pipelines) + " pipelines do not split the " +
                              std::to_string(config.ports) + " ports into equal blocks (a pipeline serves ports / "
                              "pipelines ports)");
        for (int k = 1; k < config.pipelines; ++k) make_pipeline(k);
    }
    for (auto& p : pipelines_) pipelines.push_back(p.get());
    asic_ = std::make_unique<SwitchAsic>("asic", config, pipelines, pool, windows, end, warmup, seed, vcd);
    const int ppe = phy_config_.ports_per_engine();
    engine_configs_.reserve(static_cast<size_t>(phy_config_.engines()));  // the parts keep references
    phy_configs_.reserve(static_cast<size_t>(config.ports));
    for (int e = 0; e < phy_config_.engines(); ++e) {
        const std::string engine = "engine" + std::to_string(e);
        engine_configs_.push_back(PhyConfig::from(values_of(me + "." + engine), shape));
        if (engine_configs_.back().ports_per_engine() != ppe)
            throw ConfigError(me + "." + engine + ": optics.lanes_per_engine / phy.lanes_per_port: " +
                              std::to_string(engine_configs_.back().ports_per_engine()) +
                              " ports per engine, but the switch's other engines have " + std::to_string(ppe));
        engines_.push_back(std::make_unique<OpticalEngine>(engine.c_str(), e, engine_configs_.back(),
                                                           std::min(ppe, config.ports - e * ppe), faults, warmup, end));
    }
    const AssemblyConfig assembly = AssemblyConfig::from(switch_params);
    if (assembly.package >= 0) {  // the optics of one assembled package
        std::vector<EngineBudget> budgets;
        for (const auto& ec : engine_configs_) budgets.push_back(EngineBudget::from(ec));
        package_ = assemble_package(PackageLayout::from(phy_config_, config.ports, assembly), assembly, budgets,
                                    phy_config_.port, assembly.package);
    }
    for (int i = 0; i < config.ports; ++i) {
        const std::string phy = "phy" + std::to_string(i);
        const OpticalEngine& engine = *engines_[static_cast<size_t>(i / ppe)];
        phy_configs_.push_back(PhyConfig::from(values_of(me + "." + phy), shape));
        if (phy_configs_.back().port.lanes() != engine_configs_[static_cast<size_t>(i / ppe)].port.lanes())
            throw ConfigError(me + "." + phy + ": phy.lanes_per_port: " + std::to_string(phy_configs_.back().port.lanes()) +
                              " lanes, but its optical engine's ports have " +
                              std::to_string(engine_configs_[static_cast<size_t>(i / ppe)].port.lanes()));
        if (package_) {  // the port's lanes in use, with their coupling losses
            const int built = phy_configs_.back().port.lanes() + assembly.spare_lanes;
            for (int j : package_->in_use[static_cast<size_t>(i)]) {
                const LaneResult& lane = package_->lanes[static_cast<size_t>(i * built + j)];
                phy_configs_.back().lane_extra_loss_rx_db.push_back(lane.rx_extra_db);
                phy_configs_.back().lane_extra_loss_tx_db.push_back(lane.tx_extra_db);
            }
        }
        const PhyContext context{phy, i, phy_configs_.back(), engine, faults, windows, warmup, end, seed};
        phys_.push_back(port_phys().at(phy_configs_.back().model).make(context));
        PortPhy& p = *phys_.back();
        p.rx_out.bind(*asic_->ingress[static_cast<size_t>(i)]);
        asic_->egress[static_cast<size_t>(i)]->bind(p.tx_in);
        p.link_status.bind(*asic_);
    }
    // The box: its cooling is sized for the heat at full line rate (the core forwarding every
    // port's line rate) with the optics as planned at the start.
    PhyPower optics;
    double hottest = -1e300;
    for (const auto& e : engines_) {
        e->add_power_at(optics, 0);
        hottest = std::max(hottest, e->max_temperature_c());
    }
    const double core_w = config.core_static_w + config.core_pj_per_bit * 1e-12 * config.ports * config.port_speed_gbps * 1e9;
    chassis_ = std::make_unique<Chassis>("chassis", params.for_instance(me + ".chassis"), phy_config_, config.ports,
                                         config.port_speed_gbps, Chassis::loads_of(phy_config_, core_w, optics), hottest);
}

void SwitchNode::sample_into(TimeSeries& series) {
    asic_->sample_into(series);
    const int power = series.column("power_w");
    // The optics' power at the sample point (piecewise constant: it changes only at planned
    // times), after the core's share over the interval.
    series.add_sampler([this, power](TimePs t, TimeSeries::Row& row) {
        PhyPower w;
        for (const auto& e : engines_) e->add_power_at(w, t);
        row[static_cast<size_t>(power)] += w.total();
    });
    chassis_->sample_into(series);  // after power_w is complete
    if (!vcd_) return;
    const int power_mw = vcd_->add_variable("switch", "power_mw", 32);
    series.add_sampler([this, power, power_mw](TimePs t, TimeSeries::Row& row) {
        vcd_->change(power_mw, t, static_cast<uint64_t>(std::llround(row[static_cast<size_t>(power)] * 1e3)));
    });
    for (auto& p : phys_) p->trace_waves(*vcd_, series);
    for (auto& e : engines_) e->trace_waves(*vcd_, series);
}

void SwitchNode::finish() {
    for (auto& p : phys_) p->finish();
}

void SwitchNode::write_stats(Report& report) const {
    const PhyConfig& pc = phy_config_;
    const PhyOperatingPoint op = pc.operating_point();
    const int64_t corrected = report.at("phy.fec_corrected_symbols").get<int64_t>();
    const int64_t codewords = report.at("phy.fec_codewords").get<int64_t>();
    const nlohmann::json description{
             {"packaging", packaging_name(pc.packaging)},
             {"lanes_per_port", pc.port.lanes()},
             {"lane_rate_gbps", pc.port.lane().line_rate_gbps()},
             {"fec", fec_name(pc.port.fec().kind())},
             {"fec_latency_ns", pc.fec_latency_ns},
             {"pre_fec_ber", op.pre_fec_ber},
             {"pre_fec_ber_forced", op.ber_forced},
             {"codeword_failure_probability", op.codeword_failure_probability},
             {"pre_fec_ber_estimate", pc.port.fec().estimate_ber(static_cast<uint64_t>(corrected),
                                                                 static_cast<uint64_t>(std::max<int64_t>(1, codewords)))},
             {"link_budget_margin_db", op.budget.margin_db()},
             {"received_power_dbm", op.budget.received_power_dbm()},
             {"electrical_snr_db", op.electrical_snr_db},
             {"optical_snr_db", op.optical_snr_db},
             {"engine_temperature_c", op.engine_temperature_c},
             {"engine_power_w", op.engine_power_w},
             {"heater_mw_per_lane", op.heater_mw_per_lane},
             {"rings_locked", op.rings_locked},
             {"laser_temperature_c", op.laser_temperature_c},
             {"laser_wavelength_shift_nm", op.laser_wavelength_shift_nm},
             {"laser_tec", pc.laser.tec},
             {"laser_wall_plug_efficiency", op.laser_wall_plug_efficiency},
             {"host_serdes_class", channel_class_name(pc.host_channel.cls)},
             {"host_channel_loss_db", pc.host_channel.insertion_loss_db},
             {"engine_interface", engine_interface_name(pc.interface)},
             {"retimer_latency_ns", pc.retimer_latency_ns},
             {"optics_path_latency_ns", 2 * pc.retimer_latency_ns},
             {"engines", pc.engines()},
             {"lasers", pc.engines() * LaserSource(pc.laser, pc.engine.lanes).lasers()},
    };
    for (const auto& [key, value] : description.items()) report.set("phy." + key, value);
    nlohmann::json study = nlohmann::json::array();
    for (const ChannelStudyRow& row : host_channel_study(op.budget.margin_db()))
        study.push_back({{"packaging", packaging_name(row.packaging)},
                         {"lane_rate_gbps", row.lane_rate_gbps},
                         {"serdes_class", channel_class_name(row.serdes_class)},
                         {"reach_db", row.reach_db},
                         {"insertion_loss_db", row.insertion_loss_db},
                         {"channel_margin_db", row.channel_margin_db},
                         {"electrical_snr_db", row.electrical_snr_db},
                         {"pre_fec_ber", row.pre_fec_ber},
                         {"serdes_pj_per_bit", row.serdes_pj_per_bit}});
    report.set("phy.host_channel_by_packaging", study);
    if (package_) write_assembly(report);
    // What vendors quote per port: every optics part, the ASIC's SerDes and core apart.
    const auto& w = report.at("power_w");
    double optics = 0;
    for (const char* part : {"optics_interface", "optics", "optics_control", "thermal_tuning", "laser", "laser_overhead"})
        optics += w.at(part).get<double>();
    report.set("power_w.optics_per_port", optics / ports());
}

// The package the optics came from: its verdict and, per port, the lanes in use, their
// failures, the planned pre-FEC BER of each direction and the worst lane margin.
void SwitchNode::write_assembly(Report& report) const {
    const AssembledPackage& p = *package_;
    const int built = static_cast<int>(p.lanes.size()) / std::max(1, ports());
    double max_loss = 0;
    for (double l : p.alignment_loss_db) max_loss = std::max(max_loss, l);
    nlohmann::json port_list = nlohmann::json::array();
    for (int i = 0; i < ports(); ++i) {
        double worst = 1e300;
        for (int j = 0; j < built; ++j) worst = std::min(worst, p.lanes[static_cast<size_t>(i * built + j)].worst_margin_db());
        port_list.push_back({{"port", i},
                             {"lanes_failed", p.port_lanes_failed[static_cast<size_t>(i)]},
                             {"lanes_in_use", p.in_use[static_cast<size_t>(i)]},
                             {"pre_fec_ber_rx", p.port_rx_ber[static_cast<size_t>(i)]},
                             {"pre_fec_ber_tx", p.port_tx_ber[static_cast<size_t>(i)]},
                             {"worst_lane_margin_db", worst}});
    }
    const nlohmann::json fields{{"package", p.index},
                                {"good", p.good()},
                                {"optics_pass", p.optics_pass},
                                {"parts_good", p.parts_good},
                                {"lanes_failed", p.lanes_failed},
                                {"ports_failed", p.ports_failed},
                                {"alignment_loss_db_max", max_loss},
                                {"ports", port_list}};
    for (const auto& [key, value] : fields.items()) report.set("assembly." + key, value);
}

}  // namespace cposim
