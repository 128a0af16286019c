// A point-to-point link between two ports: it delays every packet by the propagation time
// of its fibre. Serialisation (wire time) is the sender's business: a sender never starts
// a frame before its previous one has left.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/passthrough_target_socket.h>

#include "fibre.h"
#include "packet_extension.h"

namespace cposim {

class FibreLink : public sc_core::sc_module {
public:
    tlm_utils::passthrough_target_socket<FibreLink> in;      ///< from the transmitting port
    tlm_utils::simple_initiator_socket<FibreLink> out;  ///< to the receiving port

    FibreLink(sc_core::sc_module_name name, double length_m)
        : sc_module(name), in("in"), out("out"),
          delay_(ps_to_sc(static_cast<TimePs>(length_m * fibre_delay_ns_per_m * 1e3 + 0.5))) {
        in.register_b_transport(this, &FibreLink::b_transport);
    }
    sc_core::sc_time delay() const { return delay_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& t) {
        t += delay_;
        out->b_transport(gp, t);
    }
    sc_core::sc_time delay_;
};

}  // namespace cposim
