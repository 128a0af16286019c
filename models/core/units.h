// Physical quantities written with units ("800G", "100ns", "2km", "165MB") and their
// conversion to one base unit per dimension. Every parameter declares its dimension and
// display unit; a bare number is taken in the display unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cposim {

enum class Dimension {
    none,       // plain number (counts, ratios)
    data_rate,  // base: bit/s
    time,       // base: s
    length,     // base: m
    data_size,  // base: byte
    power,      // base: W
    energy_per_bit,  // base: J/bit
    frequency,  // base: Hz
};

const char* dimension_name(Dimension d);

// Factor that converts one `unit` of dimension `d` to the base unit, e.g.
// unit_factor(data_rate, "Gb/s") == 1e9. Empty optional when the unit is unknown.
std::optional<double> unit_factor(Dimension d, const std::string& unit);

// Parses "800G", "800 Gb/s", "1.6T", "100ns", "2km", "0.5". A bare number is in
// `default_unit`. Returns the value in `default_unit`. Throws std::invalid_argument
// with a message naming the accepted units when the text cannot be parsed.
double parse_quantity(const std::string& text, Dimension d, const std::string& default_unit);

// A number as people read it in messages and tables: `precision` significant digits, no
// trailing zeros ("106.25", "800", "9.00719925474e+15").
std::string format_number(double v, int precision = 10);

// The units accepted for a dimension, for error messages and `cposim params`.
std::string accepted_units(Dimension d);

// Exact wire time of a frame: (bytes + 8 preamble/SFD + 12 inter-frame gap) * 8 / rate.
inline double wire_time_ps(double frame_bytes, double rate_gbps) {
    return (frame_bytes + 20.0) * 8.0 / rate_gbps * 1e3;
}

}  // namespace cposim

namespace cposim {
// Wire time rounded to the SystemC resolution (1 ps). Every component uses this one
// function, so slots at the sources and transmissions at the switch stay aligned.
inline int64_t wire_time_ps_rounded(double frame_bytes, double rate_gbps) {
    return static_cast<int64_t>(wire_time_ps(frame_bytes, rate_gbps) + 0.5);
}
// How long a PFC frame's pause holds: quanta of 512 bit times at the port rate (IEEE 802.3
// Annex 31B), rounded to 1 ps. Every receiver of PFC frames (partners, switches, NICs) uses it.
inline int64_t pfc_pause_ps(uint16_t quanta, double rate_gbps) {
    return static_cast<int64_t>(quanta * 512.0 / rate_gbps * 1e3 + 0.5);
}
}  // namespace cposim
