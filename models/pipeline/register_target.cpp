#include "register_target.h"

#include <cstring>

#include "errors.h"

namespace cposim::fwd {

RegisterTarget::RegisterTarget(sc_core::sc_module_name name, RegisterDevice& device)
    : sc_module(name), socket("socket"), device_(device) {
    socket.register_b_transport(this, &RegisterTarget::b_transport);
}

void RegisterTarget::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
    const uint64_t addr = gp.get_address();
    if (gp.get_data_length() != 4 || (addr & 3) != 0 || addr > 0xFFF) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    uint32_t v = 0;
    switch (gp.get_command()) {
        case tlm::TLM_READ_COMMAND:
            v = device_.read32(static_cast<uint32_t>(addr));
            std::memcpy(gp.get_data_ptr(), &v, 4);
            break;
        case tlm::TLM_WRITE_COMMAND:
            std::memcpy(&v, gp.get_data_ptr(), 4);
            device_.write32(static_cast<uint32_t>(addr), v);
            break;
        default:
            gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            return;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void RegisterClient::access(tlm::tlm_command cmd, uint32_t addr, uint32_t& data) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    target_.b_transport(gp, delay);
    if (!gp.is_response_ok())
        throw ModelInconsistency("pipeline register access at 0x" + std::to_string(addr) +
                                 " failed: " + gp.get_response_string());
}

void RegisterClient::write32(uint32_t addr, uint32_t data) {
    access(tlm::TLM_WRITE_COMMAND, addr, data);
}

uint32_t RegisterClient::read32(uint32_t addr) {
    uint32_t v = 0;
    access(tlm::TLM_READ_COMMAND, addr, v);
    return v;
}

}  // namespace cposim::fwd
