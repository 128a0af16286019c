// Lane and port rates: the IEEE 802.3 coding chain and exact line-rate packet rates.
#include <catch2/catch.hpp>

#include "port_lanes.h"

using namespace cposim;

TEST_CASE("lane signalling: symbol rate x bits per symbol", "[phy][rates]") {
    CHECK(LaneRate(53.125, Modulation::pam4).line_rate_gbps() == 106.25);
    CHECK(LaneRate(106.25, Modulation::pam4).line_rate_gbps() == 212.5);
    CHECK(LaneRate(26.5625, Modulation::pam4).line_rate_gbps() == 53.125);
    CHECK(LaneRate(25.78125, Modulation::nrz).line_rate_gbps() == 25.78125);
    CHECK(LaneRate::from_line_rate(106.25, Modulation::pam4).baud_gbd() == 53.125);
    CHECK(LaneRate(53.125, Modulation::pam4).unit_interval_ps() == Approx(18.823529411764707));
}

TEST_CASE("the 64b/66b -> 256b/257b -> RS(n,k) chain, step by step", "[phy][rates]") {
    // IEEE 802.3 clause 82 (64b/66b), clause 91 (transcoding, RS-FEC), by hand:
    const double mac = 100;
    const double pcs = mac * 66 / 64;            // 64b/66b
    CHECK(pcs == 103.125);
    const double transcoded = pcs * 257 / 264;   // 4 x 66-bit blocks -> one 257-bit block
    CHECK(transcoded == Approx(100.390625).epsilon(1e-15));  // = 100 x 257/256
    CHECK(transcoded * 544 / 514 == Approx(106.25).epsilon(1e-15));
    CHECK(transcoded * 528 / 514 == Approx(103.125).epsilon(1e-15));

    CHECK(Fec(FecKind::rs544).line_expansion() == Ratio{17, 16});
    CHECK(Fec(FecKind::rs528).line_expansion() == Ratio{33, 32});
    CHECK(Fec(FecKind::none).line_expansion() == Ratio{33, 32});

    // Alignment markers do not enter the rate: one clause-91 AM period is 20 PCS lanes x 16384
    // 66-bit blocks, of which 20 are markers; the 20 x 16383 data blocks transcode to 81915
    // 257-bit blocks and the 20 markers to 5, exactly 4096 codewords' messages.
    const int64_t data_257 = 20 * 16383 / 4, am_257 = 5;
    CHECK((data_257 + am_257) * 257 == 4096 * int64_t{Fec(FecKind::rs528).message_bits()});
    CHECK((data_257 + am_257) * 257 == 4096 * int64_t{Fec(FecKind::rs544).message_bits()});
}

TEST_CASE("ports: k lanes carry exactly the MAC rate", "[phy][rates]") {
    // Exact equality: the chain is a ratio of small integers and these rates are binary-exact.
    CHECK(PortLanes(8, LaneRate(53.125, Modulation::pam4), FecKind::rs544).mac_rate_gbps() == 800);
    CHECK(PortLanes(8, LaneRate(53.125, Modulation::pam4), FecKind::rs544).line_rate_gbps() == 850);
    CHECK(PortLanes(4, LaneRate(106.25, Modulation::pam4), FecKind::rs544).mac_rate_gbps() == 800);
    CHECK(PortLanes(8, LaneRate(106.25, Modulation::pam4), FecKind::rs544).mac_rate_gbps() == 1600);
    CHECK(PortLanes(8, LaneRate(26.5625, Modulation::pam4), FecKind::rs544).mac_rate_gbps() == 400);
    CHECK(PortLanes(1, LaneRate(25.78125, Modulation::nrz), FecKind::none).mac_rate_gbps() == 25);
    CHECK(PortLanes(4, LaneRate(25.78125, Modulation::nrz), FecKind::rs528).mac_rate_gbps() == 100);
    CHECK(PortLanes(2, LaneRate(25.78125, Modulation::nrz), FecKind::rs528).mac_rate_gbps() == 50);
    // The wrong FEC for a rate does not add up: 25.78125 G under RS(544,514) carries 24.26 G.
    CHECK(PortLanes(1, LaneRate(25.78125, Modulation::nrz), FecKind::rs544).mac_rate_gbps() ==
          Approx(25.78125 * 16 / 17));
}

TEST_CASE("line-rate packet rates: MAC rate / ((bytes + 20) x 8)", "[phy][rates]") {
    const PortLanes p800(8, LaneRate(53.125, Modulation::pam4), FecKind::rs544);
    const PortLanes p1600(8, LaneRate(106.25, Modulation::pam4), FecKind::rs544);
    const PortLanes p100(4, LaneRate(25.78125, Modulation::nrz), FecKind::rs528);
    // 800e9 / 672 bits = 1 190 476 190.476 frames/s (the published 1190.48 Mpps).
    CHECK(p800.packet_rate_mpps(64) == Approx(1190.4761904761905).epsilon(1e-14));
    CHECK(p1600.packet_rate_mpps(64) == Approx(2380.952380952381).epsilon(1e-14));
    // 100GbE: the well-known 148.81 Mpps at 64 B and 8.127 Mpps at 1518 B.
    CHECK(p100.packet_rate_mpps(64) == Approx(148.80952380952381).epsilon(1e-14));
    CHECK(p100.packet_rate_mpps(1518) == Approx(8.127438231469441).epsilon(1e-14));
    CHECK(p800.packet_rate_mpps(9216) == Approx(800e3 / (9236.0 * 8)).epsilon(1e-14));
}

TEST_CASE("codeword timing of a port", "[phy][rates]") {
    const PortLanes p(8, LaneRate(53.125, Modulation::pam4), FecKind::rs544);
    // 850 Gb/s / 5440 bits = 156.25 M codewords/s: one every 6.4 ns.
    CHECK(p.codewords_per_second() == 156.25e6);
    CHECK(p.codeword_index_at(6399) == 0);
    CHECK(p.codeword_index_at(6400) == 1);
    // A 64 B frame (0.84 ns on the wire) inside one codeword, then one straddling two.
    CHECK(p.codewords_of_frame(0, 840).count() == 1);
    const auto s = p.codewords_of_frame(6000, 7000);
    CHECK(s.first == 0);
    CHECK(s.last == 1);
    // Mean: 1 + (64 + 8) x 8 x 17/16 / 5440 = 1.1125.
    CHECK(p.mean_codewords_per_frame(64) == Approx(1.1125));
}

TEST_CASE("a port's codewords see the mean symbol error rate of its lanes", "[phy][rates]") {
    const PortLanes p(8, LaneRate(53.125, Modulation::pam4), FecKind::rs544);
    CHECK(p.port_ber(std::vector<double>(8, 1e-4)) == Approx(1e-4).epsilon(1e-12));
    std::vector<double> one_bad(8, 0.0);
    one_bad[3] = 1e-3;
    // symbol error rate 1 - 0.999^10 = 9.955119790e-3 on one lane of 8.
    const double ser = 9.955119790251791e-3 / 8;
    CHECK(p.port_ber(one_bad) == Approx(1 - std::pow(1 - ser, 0.1)).epsilon(1e-12));
}
