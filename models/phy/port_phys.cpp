// PortPhy's sockets, and the built-in PHYs registered by name (phy.model).
#include "lane_phy.h"
#include "port_phy.h"

namespace cposim {

PortPhy::PortPhy(sc_core::sc_module_name name, int port)
    : sc_module(name), rx_in("rx_in"), rx_out("rx_out"), tx_in("tx_in"), tx_out("tx_out"), link_status("link_status"),
      port_(port) {
    rx_in.register_b_transport(this, &PortPhy::rx_transport);
    tx_in.register_b_transport(this, &PortPhy::tx_transport);
    rx_in.register_transport_dbg(this, &PortPhy::rx_path);
    tx_in.register_transport_dbg(this, &PortPhy::tx_path);
}

void PortPhy::end_of_elaboration() {
    rx_next_ = rx_out.operator->();
    tx_next_ = tx_out.operator->();
}

unsigned PortPhy::rx_path(tlm::tlm_generic_payload& gp) {
    if (WarmPath* w = gp.get_extension<WarmPath>()) {
        w->add(&rx_next_, sizeof rx_next_);
        add_hot_lines(*w, true);
    }
    return WarmPath::pass_on(gp, rx_out);
}

unsigned PortPhy::tx_path(tlm::tlm_generic_payload& gp) {
    if (WarmPath* w = gp.get_extension<WarmPath>()) {
        w->add(&tx_next_, sizeof tx_next_);
        add_hot_lines(*w, false);
    }
    return WarmPath::pass_on(gp, tx_out);
}

void PortPhy::write_stats(Report& out) const {
    const PhyPortReport r = report();
    nlohmann::json events = nlohmann::json::array();
    for (const auto& [t, what] : r.events) events.push_back({{"t_ns", static_cast<double>(t) * 1e-3}, {"event", what}});
    nlohmann::json& p = out.port(port(), "phy");
    p["fec_codewords"] = r.rx.codewords + r.tx.codewords;
    p["fec_corrected_symbols"] = r.rx.corrected_symbols + r.tx.corrected_symbols;
    p["fec_uncorrectable"] = r.rx.uncorrectable + r.tx.uncorrectable;
    p["fec_degrade_alarm"] = r.rx.degraded_blocks + r.tx.degraded_blocks > 0;
    p["pre_fec_ber_estimate"] = r.pre_fec_ber_estimate;
    p["corrupted_frames"] = r.rx.corrupted_frames + r.tx.corrupted_frames;
    p["link_down_ns"] = static_cast<double>(r.down_ps) * 1e-3;
    p["events"] = events;
    for (const FecCounters* f : {&r.rx, &r.tx}) {
        out.add("phy.fec_codewords", f->codewords);
        out.add("phy.fec_corrected_symbols", f->corrected_symbols);
        out.add("phy.fec_uncorrectable", f->uncorrectable);
        out.add("phy.fec_degraded_blocks", f->degraded_blocks);
        out.add("phy.corrupted_frames", f->corrupted_frames);
    }
}

Registry<PhyFactory>& port_phys() {
    static Registry<PhyFactory> registry = [] {
        Registry<PhyFactory> r("PHY model");
        r.add("lanes", [](const PhyContext& c) { return std::make_unique<LanePhy>(c); },
              "k lanes behind one FEC (phy.*), errors from the link budget, the optical engine and the faults");
        return r;
    }();
    return registry;
}

}  // namespace cposim
