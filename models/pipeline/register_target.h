// A TLM-2.0 target socket in front of a RegisterDevice: 32-bit reads and writes of the
// pipeline's register map by b_transport (data length 4, byte address). Anything else is
// answered with an error response, never silently ignored.
#pragma once

#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "register_device.h"

namespace cposim::fwd {

class RegisterTarget : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<RegisterTarget> socket;

    RegisterTarget(sc_core::sc_module_name name, RegisterDevice& device);

    // The socket's forward interface, usable before elaboration (to program tables at
    // construction time, when no initiator is bound yet).
    tlm::tlm_fw_transport_if<>& forward_interface() { return *socket.get_base_export().operator->(); }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    RegisterDevice& device_;
};

// The software side: 32-bit accesses through any TLM-2.0 forward interface (a bound
// initiator socket, or a target socket's export before elaboration ends). Throws
// ModelInconsistency on an error response.
class RegisterClient {
public:
    explicit RegisterClient(tlm::tlm_fw_transport_if<>& target) : target_(target) {}
    void write32(uint32_t addr, uint32_t data);
    uint32_t read32(uint32_t addr);

private:
    void access(tlm::tlm_command cmd, uint32_t addr, uint32_t& data);
    tlm::tlm_fw_transport_if<>& target_;
};

}  // namespace cposim::fwd
