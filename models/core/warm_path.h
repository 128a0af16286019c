// The memory a train's transport touches on its way down a link, gathered once, before
// the run, by a debug transport (TLM-2.0 transport_dbg) that each model on the way extends
// with its own lines and passes on. A sender fetches the lines of all the links it will
// send on in a window before sending any train: in a fabric a switch's window sends a few
// short trains into PHYs, fibres and neighbours it has not touched for a while, and the
// transport, a virtual call from model to model, otherwise misses the cache at every
// model in turn. A model that does not take part answers the debug transport with 0 and
// ends the path there; nothing here changes what a model does with a train.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <tlm>

namespace cposim {

class WarmPath : public tlm::tlm_extension<WarmPath> {
public:
    // The cache lines of [object, object + bytes).
    void add(const void* object, size_t bytes = 1) {
        const auto first = reinterpret_cast<uintptr_t>(object) & ~uintptr_t{63};
        const auto end = reinterpret_cast<uintptr_t>(object) + bytes;
        for (uintptr_t line = first; line < end; line += 64) lines_.push_back(reinterpret_cast<const void*>(line));
    }
    // What a call through an initiator socket reads of the model it is bound to: the
    // bound interface object's first 112 bytes (the target socket's process: its vtable
    // pointer, its model's address and its callbacks). Naming only its first 64 bytes was
    // no faster.
    void add_interface(const void* bound) { add(bound, 112); }
    const std::vector<const void*>& lines() const { return lines_; }

    tlm::tlm_extension_base* clone() const override { return new WarmPath(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override { lines_ = static_cast<const WarmPath&>(other).lines_; }

    // The path from an initiator socket on: the interface it is bound to, then what the
    // models down the link add.
    template <class InitiatorSocket>
    static std::vector<const void*> of(InitiatorSocket& socket) {
        WarmPath path;
        path.add_interface(socket.operator->());
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_IGNORE_COMMAND);
        gp.set_extension(&path);
        socket->transport_dbg(gp);
        gp.clear_extension(&path);
        return path.lines_;
    }

    // A model on the path: its lines, then the next model's interface, and on down the link.
    template <class InitiatorSocket>
    static unsigned pass_on(tlm::tlm_generic_payload& gp, InitiatorSocket& next) {
        WarmPath* path = gp.get_extension<WarmPath>();
        if (!path) return 0;
        path->add_interface(next.operator->());
        return next->transport_dbg(gp);
    }

private:
    std::vector<const void*> lines_;
};

// The paths of a model's initiator sockets (one per port), gathered at the start of the
// simulation, and what each socket is bound to, side by side: a sender fetches port i's
// path before its window's trains go, then sends through target(i), not through the
// socket (whose own copy of the pointer is one more line to miss).
class WarmPaths {
public:
    template <class SocketPointers>
    void gather(const SocketPointers& sockets) {
        lines_.clear();
        targets_.clear();
        from_.assign(1, 0);
        for (const auto& socket : sockets) {
            targets_.push_back(socket->operator->());
            const std::vector<const void*> lines = WarmPath::of(*socket);
            lines_.insert(lines_.end(), lines.begin(), lines.end());
            from_.push_back(static_cast<uint32_t>(lines_.size()));
        }
    }
    void fetch(size_t port) const {
        for (uint32_t i = from_[port]; i < from_[port + 1]; ++i) __builtin_prefetch(lines_[i]);
    }
    tlm::tlm_fw_transport_if<>* target(size_t port) const { return targets_[port]; }

private:
    std::vector<const void*> lines_;  // port p's: lines_[from_[p] .. from_[p + 1])
    std::vector<uint32_t> from_;
    std::vector<tlm::tlm_fw_transport_if<>*> targets_;
};

}  // namespace cposim
