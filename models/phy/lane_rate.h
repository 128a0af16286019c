// One electrical or optical lane's signalling: symbol rate (GBd) and modulation. PAM4 carries
// 2 bits per symbol, NRZ 1, so 53.125 GBd PAM4 = 106.25 Gb/s on the wire.
#pragma once

#include <string>

namespace cposim {

enum class Modulation { nrz, pam4 };

const char* modulation_name(Modulation m);
// "nrz" or "pam4"; throws std::invalid_argument otherwise.
Modulation parse_modulation(const std::string& name);
// Bits per symbol: 1 for NRZ, 2 for PAM4 (log2 of the number of levels).
int bits_per_symbol(Modulation m);
// Number of amplitude levels: 2 for NRZ, 4 for PAM4.
int levels(Modulation m);

class LaneRate {
public:
    LaneRate() = default;
    LaneRate(double baud_gbd, Modulation m) : baud_gbd_(baud_gbd), modulation_(m) {}
    // From a line rate in Gb/s: the symbol rate is line rate / bits per symbol.
    static LaneRate from_line_rate(double line_rate_gbps, Modulation m);

    double baud_gbd() const { return baud_gbd_; }            ///< symbol rate, GBd
    Modulation modulation() const { return modulation_; }
    double line_rate_gbps() const { return baud_gbd_ * bits_per_symbol(modulation_); }  ///< Gb/s on the wire
    double unit_interval_ps() const { return 1e3 / baud_gbd_; }  ///< one symbol, ps
    double nyquist_ghz() const { return baud_gbd_ / 2; }         ///< where channel loss is quoted

private:
    double baud_gbd_ = 0;
    Modulation modulation_ = Modulation::pam4;
};

// The standard lane signalling rates (IEEE 802.3 clauses 109, 134/135, 162-ck, 802.3dj;
// docs/references.md "Lane rates"): name, symbol rate, modulation.
struct StandardLane {
    const char* name;   ///< "100G PAM4"
    double baud_gbd;
    Modulation modulation;
};
inline constexpr StandardLane standard_lanes[] = {
    {"25G NRZ", 25.78125, Modulation::nrz},     // 25GBASE-R: 25 x 66/64
    {"50G PAM4", 26.5625, Modulation::pam4},    // 50GBASE-R with RS(544,514): 53.125 Gb/s
    {"100G PAM4", 53.125, Modulation::pam4},    // 802.3ck: 106.25 Gb/s
    {"200G PAM4", 106.25, Modulation::pam4},    // 802.3dj: 212.5 Gb/s
};

}  // namespace cposim
