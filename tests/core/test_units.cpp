#include <catch2/catch.hpp>

#include "units.h"

using namespace cposim;

TEST_CASE("quantities parse with and without units", "[units]") {
    CHECK(parse_quantity("800G", Dimension::data_rate, "Gb/s") == Approx(800));
    CHECK(parse_quantity("1.6T", Dimension::data_rate, "Gb/s") == Approx(1600));
    CHECK(parse_quantity("400 Gb/s", Dimension::data_rate, "Gb/s") == Approx(400));
    CHECK(parse_quantity("100Gbps", Dimension::data_rate, "Gb/s") == Approx(100));
    CHECK(parse_quantity("25000M", Dimension::data_rate, "Gb/s") == Approx(25));
    CHECK(parse_quantity("800", Dimension::data_rate, "Gb/s") == Approx(800));
    CHECK(parse_quantity("100ns", Dimension::time, "us") == Approx(0.1));
    CHECK(parse_quantity("2 ms", Dimension::time, "us") == Approx(2000));
    CHECK(parse_quantity("2km", Dimension::length, "m") == Approx(2000));
    CHECK(parse_quantity("30 cm", Dimension::length, "m") == Approx(0.3));
    CHECK(parse_quantity("165MB", Dimension::data_size, "MB") == Approx(165));
    CHECK(parse_quantity("64KiB", Dimension::data_size, "MB") == Approx(0.065536));
    CHECK(parse_quantity("5.5W", Dimension::power, "W") == Approx(5.5));
    CHECK(parse_quantity("500 mW", Dimension::power, "W") == Approx(0.5));
    CHECK(parse_quantity("7 fJ/bit", Dimension::energy_per_bit, "pJ/bit") == Approx(0.007));
    CHECK(parse_quantity("1.25GHz", Dimension::frequency, "GHz") == Approx(1.25));
    CHECK(parse_quantity("1e3", Dimension::none, "") == Approx(1000));
}

TEST_CASE("wrong units and junk are rejected with the accepted units named", "[units]") {
    CHECK_THROWS_WITH(parse_quantity("100ns", Dimension::data_rate, "Gb/s"),
                      Catch::Contains("not a data rate unit") && Catch::Contains("Gb/s"));
    CHECK_THROWS_WITH(parse_quantity("2 furlongs", Dimension::length, "m"),
                      Catch::Contains("furlongs"));
    CHECK_THROWS_WITH(parse_quantity("fast", Dimension::data_rate, "Gb/s"),
                      Catch::Contains("does not start with a number"));
    CHECK_THROWS(parse_quantity("", Dimension::time, "ns"));
    CHECK_THROWS(parse_quantity("0x10", Dimension::none, ""));
    CHECK_THROWS(parse_quantity("nan", Dimension::none, ""));
    CHECK_THROWS(parse_quantity("5 W", Dimension::none, ""));
}

TEST_CASE("wire time includes preamble and inter-frame gap", "[units]") {
    // 64 B frame at 100 Gb/s: (64 + 20) * 8 bit / 100 Gb/s = 6.72 ns, i.e. 148.8 Mpps,
    // the well-known 100GbE line rate for minimum-size frames.
    CHECK(wire_time_ps(64, 100) == Approx(6720));
    CHECK(1e12 / wire_time_ps(64, 100) == Approx(148.809524e6));
    // 1500 B at 800 Gb/s: 1520 * 8 / 800 = 15.2 ns
    CHECK(wire_time_ps_rounded(1500, 800) == 15200);
}
