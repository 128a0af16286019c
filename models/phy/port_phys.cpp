// PortPhy's sockets, and the built-in PHYs registered by name (phy.model).
#include "lane_phy.h"
#include "port_phy.h"

namespace cposim {

PortPhy::PortPhy(sc_core::sc_module_name name, int port)
    : sc_module(name), rx_in("rx_in"), rx_out("rx_out"), tx_in("tx_in"), tx_out("tx_out"), link_status("link_status"),
      port_(port) {
    rx_in.register_b_transport(this, &PortPhy::rx_transport);
    tx_in.register_b_transport(this, &PortPhy::tx_transport);
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
