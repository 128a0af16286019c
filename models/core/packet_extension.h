// The TLM-2.0 generic-payload extension that carries a Packet across component sockets.
// Every boundary in cposim is a tlm::tlm_generic_payload with this extension; the data
// pointer is the packet's header bytes where a block needs them. The payload object is
// owned by the caller and reused; callees keep the Packet*, never the payload.
#pragma once

#include <tlm>

#include "packet.h"

namespace cposim {

struct PacketExtension : tlm::tlm_extension<PacketExtension> {
    Packet* packet = nullptr;

    tlm::tlm_extension_base* clone() const override {
        auto* e = new PacketExtension;
        e->packet = packet;
        return e;
    }
    void copy_from(const tlm::tlm_extension_base& other) override {
        packet = static_cast<const PacketExtension&>(other).packet;
    }
};

// A reusable payload for sending packets: one per initiator socket.
class PacketPayload {
public:
    PacketPayload() {
        gp_.set_command(tlm::TLM_WRITE_COMMAND);
        gp_.set_extension(&ext_);
    }
    ~PacketPayload() { gp_.clear_extension(&ext_); }
    PacketPayload(const PacketPayload&) = delete;
    PacketPayload& operator=(const PacketPayload&) = delete;

    tlm::tlm_generic_payload& wrap(Packet* p) {
        ext_.packet = p;
        gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        return gp_;
    }

private:
    tlm::tlm_generic_payload gp_;
    PacketExtension ext_;
};

inline Packet* packet_of(tlm::tlm_generic_payload& gp) {
    auto* ext = gp.get_extension<PacketExtension>();
    return ext ? ext->packet : nullptr;
}

inline sc_core::sc_time ps_to_sc(TimePs t) {
    return sc_core::sc_time::from_value(static_cast<sc_dt::uint64>(t));
}
inline TimePs sc_to_ps(const sc_core::sc_time& t) { return static_cast<TimePs>(t.value()); }

}  // namespace cposim
