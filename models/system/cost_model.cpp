#include "cost_model.h"

namespace cposim {

void CostConfig::declare_parameters(ParameterRegistry& r) {
    // Every price is assumed (illustrative): docs/references.md has no published prices.
    // The ASIC, engine and laser prices are the same assumptions as assembly.*_cost_usd.
    r.add_real("cost.asic_usd", Dimension::none, "", 8000, 0, 1e9, "switch ASIC, USD (assumed)");
    r.add_real("cost.engine_usd", Dimension::none, "", 400, 0, 1e9,
               "one co- or near-packaged optical engine, USD (assumed)");
    r.add_real("cost.laser_usd", Dimension::none, "", 100, 0, 1e9,
               "one laser of a co- or near-packaged engine, USD (assumed)");
    r.add_real("cost.laser_module_usd", Dimension::none, "", 300, 0, 1e9,
               "one external laser module without its lasers: housing, TEC, drivers, controller, USD (assumed)");
    r.add_real("cost.pluggable_usd_per_800g", Dimension::none, "", 600, 0, 1e9,
               "pluggable module with DSP, lasers included, per 800 Gb/s, USD (assumed)");
    r.add_real("cost.lpo_usd_per_800g", Dimension::none, "", 400, 0, 1e9,
               "linear pluggable module, lasers included, per 800 Gb/s, USD (assumed)");
    r.add_real("cost.fibre_usd_per_lane", Dimension::none, "", 10, 0, 1e9,
               "fibre of a co- or near-packaged lane (transmit and receive) to the front panel, USD (assumed)");
    r.add_real("cost.cooling_air_usd_per_kw", Dimension::none, "", 100, 0, 1e9,
               "fans and heat sinks per kW of heat they were sized for, USD (assumed)");
    r.add_real("cost.cooling_cold_plate_usd_per_kw", Dimension::none, "", 300, 0, 1e9,
               "cold plates, manifolds, quick disconnects and the box's share of the coolant "
               "distribution unit per kW, USD (assumed)");
    r.add_real("cost.cooling_immersion_usd_per_kw", Dimension::none, "", 500, 0, 1e9,
               "the box's share of an immersion tank, its fluid and pumps per kW, USD (assumed)");
    r.add_real("cost.chassis_usd", Dimension::none, "", 3000, 0, 1e9,
               "board, power supplies, management module and enclosure, USD (assumed)");
    r.add_real("cost.electricity_usd_per_kwh", Dimension::none, "", 0.1, 0, 100, "price of electricity, USD/kWh (assumed)");
    r.add_real("cost.pue", Dimension::none, "", 1.4, 1, 10,
               "data-centre power usage effectiveness: facility power / IT power (assumed)");
    r.add_real("cost.years", Dimension::none, "", 5, 0, 100, "years of operation for the total cost of ownership (assumed)");
}

CostConfig CostConfig::from(const ParameterSet& p) {
    CostConfig c;
    c.asic_usd = p.real("cost.asic_usd");
    c.engine_usd = p.real("cost.engine_usd");
    c.laser_usd = p.real("cost.laser_usd");
    c.laser_module_usd = p.real("cost.laser_module_usd");
    c.pluggable_usd_per_800g = p.real("cost.pluggable_usd_per_800g");
    c.lpo_usd_per_800g = p.real("cost.lpo_usd_per_800g");
    c.fibre_usd_per_lane = p.real("cost.fibre_usd_per_lane");
    const std::string mode = p.text("cooling.mode");
    c.cooling_usd_per_kw = p.real("cost.cooling_" + mode + "_usd_per_kw");
    c.chassis_usd = p.real("cost.chassis_usd");
    c.electricity_usd_per_kwh = p.real("cost.electricity_usd_per_kwh");
    c.pue = p.real("cost.pue");
    c.years = p.real("cost.years");
    return c;
}

CostParts bill_of_materials(const CostConfig& c, const PhyConfig& phy, int ports, double cooling_kw) {
    CostParts parts;
    parts.asic = c.asic_usd;
    if (phy.front_panel_module()) {  // one module per port, lasers inside
        const double per_800g = phy.interface == EngineInterface::dsp ? c.pluggable_usd_per_800g : c.lpo_usd_per_800g;
        parts.optics = ports * phy.port_speed_gbps / 800.0 * per_800g;
    } else {
        const LaserSource lasers(phy.laser, phy.engine.lanes);
        const double engines = phy.engines();
        parts.optics = engines * c.engine_usd;
        parts.lasers = engines * lasers.lasers() * c.laser_usd;
        if (phy.laser.type == LaserType::external) parts.lasers += engines * lasers.modules() * c.laser_module_usd;
        parts.fibre = static_cast<double>(ports) * phy.port.lanes() * c.fibre_usd_per_lane;
    }
    parts.cooling = cooling_kw * c.cooling_usd_per_kw;
    parts.chassis = c.chassis_usd;
    return parts;
}

CostOfOwnership cost_of_ownership(const CostConfig& c, const CostParts& parts, double system_w, double capacity_gbps) {
    CostOfOwnership o;
    o.capex = parts.capex();
    o.per_gbps = o.capex / capacity_gbps;
    o.energy_per_year = system_w * 1e-3 * hours_per_year * c.pue * c.electricity_usd_per_kwh;
    o.tco = o.capex + c.years * o.energy_per_year;
    o.tco_per_gbps = o.tco / capacity_gbps;
    return o;
}

}  // namespace cposim
