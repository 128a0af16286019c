// A single-mode fibre span: length, loss and propagation delay.
#pragma once

namespace cposim {

// Light in standard single-mode fibre (group index ~1.47): ~4.9 ns/m, quoted as ~5 ns/m
// (docs/references.md "Fibre delay").
constexpr double fibre_delay_ns_per_m = 4.9;

struct Fibre {
    double length_m = 0;        ///< m
    double loss_db_per_km = 0;  ///< attenuation, dB/km

    double loss_db() const { return loss_db_per_km * length_m * 1e-3; }
    double delay_ps() const { return length_m * fibre_delay_ns_per_m * 1e3; }
};

}  // namespace cposim
