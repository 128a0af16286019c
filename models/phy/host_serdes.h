// The switch ASIC's host SerDes as a power consumer. SerDes lanes transmit idles when there
// is no traffic, so their power follows the line rate, not the load.
#pragma once

#include "parameters.h"

namespace cposim {

struct HostSerdes {
    double pj_per_bit = 0;  ///< energy per bit of line rate, transmit and receive of a lane together

    static void declare_parameters(ParameterRegistry& r) {
        // <1.1 pJ/b per lane for an XSR SerDes at 113G PAM4 in 5 nm over 1-12 dB channels:
        // Gangasani et al., IEEE Solid-State Circuits Letters 8 (2025).
        r.add_real("power.host_serdes_pj_per_bit", Dimension::energy_per_bit, "pJ/bit", 1.1, 0,
                   100, "host SerDes energy per bit of port line rate (TX and RX together)");
    }
    static HostSerdes from(const ParameterSet& p) { return {p.real("power.host_serdes_pj_per_bit")}; }

    double power_w(int ports, double port_speed_gbps) const {
        return pj_per_bit * 1e-12 * port_speed_gbps * 1e9 * ports;
    }
};

}  // namespace cposim
