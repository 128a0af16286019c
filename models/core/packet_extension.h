// The TLM-2.0 generic-payload extension that carries packets across component sockets.
// Every boundary in cposim is a tlm::tlm_generic_payload with this extension; the data
// pointer is the packet's header bytes where a block needs them. The payload object is
// owned by the caller and reused; callees keep the Packet*, never the payload.
//
// A payload carries a train: one or more frames of one port in wire order, linked by
// Packet::next, each stamped with the time its first bit left the sender (t_sent). The
// annotated delay is the first frame's; whatever a hop adds to it (a fibre's delay)
// applies to every frame of the train, so a receiver takes frame f's arrival as
// f->t_sent + train_shift(). The extension also names the train's last frame, so a block
// can see the span of the whole train at once (a PHY whose links are quiet over it need
// not look at each frame). One transport per port and quantum instead of one per frame
// keeps the kernel's and the sockets' cost off the per-packet path.
#pragma once

#include <string>

#include <tlm>

#include "errors.h"
#include "model_clock.h"
#include "packet.h"

namespace cposim {

struct PacketExtension : tlm::tlm_extension<PacketExtension> {
    Packet* packet = nullptr;  // the train's first frame
    Packet* last = nullptr;    // its last frame

    tlm::tlm_extension_base* clone() const override {
        auto* e = new PacketExtension;
        e->packet = packet;
        e->last = last;
        return e;
    }
    void copy_from(const tlm::tlm_extension_base& other) override {
        packet = static_cast<const PacketExtension&>(other).packet;
        last = static_cast<const PacketExtension&>(other).last;
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

    tlm::tlm_generic_payload& wrap(Packet* first, Packet* last) {
        ext_.packet = first;
        ext_.last = last;
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
[[noreturn, gnu::cold, gnu::noinline]] inline void no_packet_in(const sc_core::sc_object& receiver) {
    throw ModelInconsistency(std::string(receiver.name()) + ": payload without a packet");
}
// The first frame of a received train; a payload without one is a bug in the model. (The
// message is built out of line: a receiver's hot path saves no registers for it.)
inline Packet* train_of(tlm::tlm_generic_payload& gp, const sc_core::sc_object& receiver) {
    Packet* p = packet_of(gp);
    if (__builtin_expect(!p, 0)) no_packet_in(receiver);
    return p;
}
inline Packet* last_packet_of(tlm::tlm_generic_payload& gp) {
    auto* ext = gp.get_extension<PacketExtension>();
    return ext ? ext->last : nullptr;
}

inline sc_core::sc_time ps_to_sc(TimePs t) {
    return sc_core::sc_time::from_value(static_cast<sc_dt::uint64>(t));
}
inline TimePs sc_to_ps(const sc_core::sc_time& t) { return static_cast<TimePs>(t.value()); }

// Sends a train (frames first..last linked by next, t_sent stamped) to what an initiator
// socket is bound to (warm_path.h keeps that pointer beside a sender's other hot data), or
// through the socket, at simulated time `now` (the caller's window: model_clock::now_ps()).
inline void send_train(tlm::tlm_fw_transport_if<>* link, PacketPayload& payload, Packet* first, Packet* last,
                       TimePs now) {
    sc_core::sc_time delay = ps_to_sc(first->t_sent - now);
    link->b_transport(payload.wrap(first, last), delay);
}
template <class Socket>
void send_train(Socket& socket, PacketPayload& payload, Packet* first, Packet* last, TimePs now) {
    send_train(socket.operator->(), payload, first, last, now);
}

// What the hops added to a received train's times: frame f's first bit arrives at
// f->t_sent + train_shift(head, delay).
inline TimePs train_shift(const Packet& head, const sc_core::sc_time& delay) {
    return model_clock::now_ps() + sc_to_ps(delay) - head.t_sent;
}

}  // namespace cposim
