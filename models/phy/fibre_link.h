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
#include "warm_path.h"

namespace cposim {

class FibreLink : public sc_core::sc_module {
public:
    tlm_utils::passthrough_target_socket<FibreLink> in;      ///< from the transmitting port
    tlm_utils::simple_initiator_socket<FibreLink> out;  ///< to the receiving port

    FibreLink(sc_core::sc_module_name name, double length_m)
        : sc_module(name), in("in"), out("out"),
          delay_(ps_to_sc(static_cast<TimePs>(length_m * fibre_delay_ns_per_m * 1e3 + 0.5))) {
        in.register_b_transport(this, &FibreLink::b_transport);
        in.register_transport_dbg(this, &FibreLink::path);
    }
    sc_core::sc_time delay() const { return delay_; }

private:
    void end_of_elaboration() override { next_ = out.operator->(); }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& t) {
        t += delay_;
        next_->b_transport(gp, t);
    }
    unsigned path(tlm::tlm_generic_payload& gp) {  // warm_path.h
        if (WarmPath* w = gp.get_extension<WarmPath>()) w->add(&delay_, sizeof delay_ + sizeof next_);
        return WarmPath::pass_on(gp, out);
    }
    sc_core::sc_time delay_;
    // What `out` is bound to, beside the delay: the socket's own copy is in another line.
    tlm::tlm_fw_transport_if<>* next_ = nullptr;
};

}  // namespace cposim
