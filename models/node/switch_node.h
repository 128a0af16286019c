// One switch as a box: the switch ASIC, a PHY module per port and the optical engines that
// carry the ports' lanes, wired together. The line side of port i faces the fibre:
//
//   fibre -> phy(i).rx_in  [PortPhy] rx_out -> asic().ingress[i]
//   asic().egress[i] -> tx_in [PortPhy] phy(i).tx_out -> fibre
//   asic().pause_out[i] -> fibre (PFC frames)
//   phy(i).link_status -> asic() (LinkStatusIf)
//
// Engine e serves ports [e x ports_per_engine, ...). The chassis (models/system) is the box
// around them: cooling, power conversion, management and cost. A fabric builds one node per
// switch.
//
// With assembly.package = K the optics are those of package K of the assembly Monte Carlo
// (models/assembly, the same draws as `cposim yield`): each port's lanes in use carry their
// own coupling losses into its PHY, and the report gets an `assembly` section.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <systemc>

#include "chassis.h"
#include "decoupling_windows.h"
#include "fault_schedule.h"
#include "package_assembly.h"
#include "parameters.h"
#include "forwarding_pipeline.h"
#include "optical_engine.h"
#include "packet_pool.h"
#include "pipeline_factory.h"
#include "phy_config.h"
#include "port_phy.h"
#include "switch_asic.h"
#include "switch_config.h"
#include "time_series.h"
#include "vcd_writer.h"

namespace cposim {

class SwitchNode : public sc_core::sc_module, public StatsProvider {
public:
    /// params: the run's, from which each part takes the values for its instance name
    /// (engines: NAME.engine<e>, PHYs: NAME.phy<i>); config: the switch's own (from
    /// params.for_instance(NAME)); windows: the temporal-decoupling windows; warmup, end: the
    /// measurement window; vcd may be null (no waves).
    /// rtl_waves_stem: where RTL pipelines write their waves (pipeline k: STEM, STEM1, ...,
    /// the extension added), empty for none. l2_hosts: the L2 entries of the pipelines' tables
    /// (a replayed capture's hosts); null: the address plan.
    SwitchNode(sc_core::sc_module_name name, const ParameterSet& params, const SwitchConfig& config,
               double link_length_m, const std::vector<Fault>& faults, const std::string& rtl_waves_stem,
               PacketPool& pool, DecouplingWindows& windows, TimePs end, TimePs warmup, uint64_t seed, VcdWriter* vcd,
               const std::vector<fwd::L2Host>* l2_hosts = nullptr, ForwardingPipeline* routing = nullptr);

    SwitchAsic& asic() { return *asic_; }
    const SwitchAsic& asic() const { return *asic_; }
    PortPhy& phy(int port) { return *phys_[static_cast<size_t>(port)]; }
    const PortPhy& phy(int port) const { return *phys_[static_cast<size_t>(port)]; }
    const OpticalEngine& engine(int e) const { return *engines_[static_cast<size_t>(e)]; }
    const Chassis& chassis() const { return *chassis_; }
    int ports() const { return static_cast<int>(phys_.size()); }
    int engines() const { return static_cast<int>(engines_.size()); }

    // The time series (and sampled waves) of the ASIC, the engines' power, the node's total
    // power (power_w, and the wave switch.power_mw) and the box's (system_power_w).
    void sample_into(TimeSeries& series);
    void finish();  // after the simulation: the PHYs count to the end
    // After its parts: the phy section's description of the ports' PHY and its operating
    // point, the BER estimate from all FEC counters, the host channel of every packaging at
    // 100G and 200G lanes, the optics' power per port.
    void write_stats(Report& report) const override;

private:
    void write_assembly(Report& report) const;
    std::vector<std::unique_ptr<ForwardingPipeline>> pipelines_;  // one, or switch.pipelines clocked ones
    std::unique_ptr<SwitchAsic> asic_;
    std::vector<std::unique_ptr<OpticalEngine>> engines_;
    std::vector<std::unique_ptr<PortPhy>> phys_;
    std::unique_ptr<Chassis> chassis_;
    std::vector<PhyConfig> engine_configs_, phy_configs_;  // each part's own values
    PhyConfig phy_config_;  // the node's: describes its PHYs in the report
    std::optional<AssembledPackage> package_;  // assembly.package: the package its optics come from
    VcdWriter* vcd_;
};

}  // namespace cposim
