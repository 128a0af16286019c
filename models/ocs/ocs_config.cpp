#include "ocs_config.h"

#include "errors.h"

namespace cposim {

namespace {
// Per technology: MEMS (Google's Palomar: 136 x 136 3D MEMS, insertion loss < 2 dB, switching
// median ~1.2 ms, ~108 W per OCS: Urata et al. 2022 and summaries of it) and a fast,
// nanosecond class (Sirius: tunable lasers into gratings, 3.84 ns end-to-end reconfiguration,
// Ballani et al. 2020). What neither gives is assumed (docs/ocs.md).
struct TechnologyFigures {
    double ports, insertion_loss_db, spread_db, crosstalk_db, reconfig_us, circuit_us, power_w_per_port;
};
constexpr TechnologyFigures mems_figures{136, 2.0, 0.3, -50, 1200, 100000, 108.0 / 136};
constexpr TechnologyFigures fast_figures{64, 5.0, 0.5, -35, 0.00384, 1, 0.5};
}  // namespace

void OcsConfig::declare_parameters(ParameterRegistry& r) {
    r.add_choice("ocs.technology", "mems", {"mems", "fast"},
                 "fabric.topology=ocs: the circuit switch's class, which sets every ocs.* figure not given: mems "
                 "(Palomar-like: 136 ports, 2 dB, 1.2 ms) or fast (nanosecond class: tunable lasers and gratings, "
                 "Sirius-like: 3.84 ns); docs/ocs.md");
    r.add_integer("ocs.ports", 136, 2, 1 << 16, "ports of one OCS (mems: 136, Palomar; fast: 64, assumed)");
    r.add_real("ocs.insertion_loss_db", Dimension::none, "", 2.0, 0, 30,
               "loss of a path through the OCS, added to both leaves' optical budget (mems: 2 dB, Palomar's "
               "bound; fast: 5 dB, assumed for gratings)");
    r.add_real("ocs.insertion_loss_spread_db", Dimension::none, "", 0.3, 0, 10,
               "standard deviation of the insertion loss over port pairs; the worst path is taken at 3 sigma "
               "(mems 0.3 dB, fast 0.5 dB: assumed)");
    r.add_real("ocs.crosstalk_db", Dimension::none, "", -50, -100, -10,
               "in-band crosstalk at an output, dB below the signal (mems -50, fast -35: assumed); its worst-case "
               "power penalty enters the budget");
    r.add_real("ocs.reconfig_us", Dimension::time, "us", 1200, 0, 1e9,
               "time a circuit is dark while the OCS reconfigures (mems 1.2 ms, Palomar's median; fast 3.84 ns, "
               "Sirius)");
    r.add_real("ocs.circuit_us", Dimension::time, "us", 100000, 1e-3, 1e9,
               "schedule=rotor: time each configuration holds between reconfigurations (mems 100 ms, fast 1 us: "
               "assumed)");
    r.add_real("ocs.power_w_per_port", Dimension::power, "W", 108.0 / 136, 0, 1000,
               "OCS power per port (mems: ~108 W per 136-port OCS = 0.79 W; fast: 0.5 W, assumed)");
    r.add_choice("ocs.schedule", "static", {"static", "rotor", "demand"},
                 "static: each uplink plane holds one matching of the leaves for the whole run; rotor: every plane "
                 "cycles through all matchings (a round-robin tournament), ocs.circuit_us each, dark "
                 "ocs.reconfig_us between; demand: every ocs.demand_window_us the controller measures the traffic "
                 "between leaves and, ocs.controller_us later, sets the matchings that carry most of it");
    r.add_choice("ocs.routing", "direct", {"direct", "two_hop"},
                 "direct: a leaf sends to another only over a circuit to it, waiting for one; two_hop: Valiant "
                 "load balancing, as RotorNet: a leaf spreads what it has over all its circuits, the leaves reached "
                 "hold what is not theirs and forward it over their circuit to its leaf (relayed bytes first)");
    r.add_real("ocs.demand_window_us", Dimension::time, "us", 1000, 1e-3, 1e9,
               "schedule=demand: the traffic is measured over windows this long (assumed)");
    r.add_real("ocs.controller_us", Dimension::time, "us", 100, 0, 1e9,
               "schedule=demand: the controller's delay from a window's end to ordering the circuits (assumed)");
    r.add_real("ocs.time_step_ns", Dimension::time, "ns", 1000, 0.01, 1e9,
               "fabric.topology=ocs: the fluid run's longest time step; steps also end where circuits change, messages are posted or arrive and where a flow at its rate would be done");
}

OcsConfig OcsConfig::from(const ParameterSet& p) {
    OcsConfig c;
    c.technology = p.text("ocs.technology") == "fast" ? OcsTechnology::fast : OcsTechnology::mems;
    const TechnologyFigures& f = c.technology == OcsTechnology::fast ? fast_figures : mems_figures;
    auto real = [&](const char* key, double technology_value) {
        return p.value(key).origin == "default" ? technology_value : p.real(key);
    };
    c.ports = p.value("ocs.ports").origin == "default" ? static_cast<int>(f.ports)
                                                              : static_cast<int>(p.integer("ocs.ports"));
    c.insertion_loss_db = real("ocs.insertion_loss_db", f.insertion_loss_db);
    c.insertion_loss_spread_db = real("ocs.insertion_loss_spread_db", f.spread_db);
    c.crosstalk_db = real("ocs.crosstalk_db", f.crosstalk_db);
    c.reconfig_us = real("ocs.reconfig_us", f.reconfig_us);
    c.circuit_us = real("ocs.circuit_us", f.circuit_us);
    c.power_w_per_port = real("ocs.power_w_per_port", f.power_w_per_port);
    const std::string& s = p.text("ocs.schedule");
    c.schedule = s == "rotor" ? OcsSchedule::rotor : s == "demand" ? OcsSchedule::demand : OcsSchedule::static_matchings;
    c.routing = p.text("ocs.routing") == "two_hop" ? OcsRouting::two_hop : OcsRouting::direct;
    c.demand_window_us = p.real("ocs.demand_window_us");
    c.controller_us = p.real("ocs.controller_us");
    c.time_step_ns = p.real("ocs.time_step_ns");
    return c;
}

const char* ocs_schedule_name(OcsSchedule s) {
    switch (s) {
        case OcsSchedule::static_matchings: return "static";
        case OcsSchedule::rotor: return "rotor";
        case OcsSchedule::demand: return "demand";
    }
    return "?";
}

const char* ocs_routing_name(OcsRouting r) { return r == OcsRouting::two_hop ? "two_hop" : "direct"; }

}  // namespace cposim
