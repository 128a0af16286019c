// Something with the pipeline's register map: the golden model or the RTL adapter.
#pragma once

#include <cstdint>

namespace cposim::fwd {

class RegisterDevice {
public:
    virtual ~RegisterDevice() = default;
    virtual uint32_t read32(uint32_t addr) = 0;
    virtual void write32(uint32_t addr, uint32_t data) = 0;
};

}  // namespace cposim::fwd
