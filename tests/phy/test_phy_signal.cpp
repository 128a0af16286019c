// BER from SNR (NRZ, PAM4) against tabulated Q values; electrical channel and optical SNR.
#include <catch2/catch.hpp>

#include <cmath>

#include "electrical_channel.h"
#include "signal_quality.h"

using namespace cposim;

TEST_CASE("Q function against tabulated values", "[phy][snr]") {
    // Abramowitz and Stegun 26.2 (tail of the normal distribution).
    CHECK(q_function(0) == Approx(0.5));
    CHECK(q_function(3) == Approx(1.349898031630095e-3).epsilon(1e-12));
    CHECK(q_function(4) == Approx(3.167124183311992e-5).epsilon(1e-12));
    CHECK(q_function(6) == Approx(9.865876450376981e-10).epsilon(1e-12));
    CHECK(q_function(7) == Approx(1.279812543885835e-12).epsilon(1e-12));
    CHECK(q_inverse(1.349898031630095e-3) == Approx(3).epsilon(1e-10));
    CHECK(q_inverse(1.279812543885835e-12) == Approx(7).epsilon(1e-10));
}

TEST_CASE("NRZ: BER = Q(sqrt(SNR)), PAM4: BER = 3/4 Q(sqrt(SNR/5))", "[phy][snr]") {
    CHECK(ber_from_snr(Modulation::nrz, 9) == Approx(1.349898031630095e-3).epsilon(1e-12));
    CHECK(ber_from_snr(Modulation::nrz, 16) == Approx(3.167124183311992e-5).epsilon(1e-12));
    CHECK(ber_from_snr(Modulation::pam4, 45) == Approx(0.75 * 1.349898031630095e-3).epsilon(1e-12));
    CHECK(ber_from_snr(Modulation::pam4, 80) == Approx(0.75 * 3.167124183311992e-5).epsilon(1e-12));
    CHECK(ber_from_snr_db(Modulation::nrz, 10 * std::log10(36.0)) == Approx(9.865876450376981e-10).epsilon(1e-10));
    // For the same eye opening PAM4 needs 10 log10(5) = 6.99 dB more SNR than NRZ.
    CHECK(snr_db_for_ber(Modulation::pam4, 0.75 * 1e-6) - snr_db_for_ber(Modulation::nrz, 1e-6) ==
          Approx(10 * std::log10(5.0)).epsilon(1e-9));
    // Round trips.
    for (double ber : {1e-3, 2.4e-4, 1e-6, 1e-12})
        CHECK(ber_from_snr_db(Modulation::pam4, snr_db_for_ber(Modulation::pam4, ber)) == Approx(ber).epsilon(1e-8));
    // The KP4 threshold 2.4e-4 needs 17.655 dB of PAM4 SNR (mpmath root of 3/4 Q(x) = 2.4e-4).
    CHECK(snr_db_for_ber(Modulation::pam4, 2.4e-4) == Approx(17.65514988).margin(1e-6));
}

TEST_CASE("noise of un-retimed segments adds", "[phy][snr]") {
    CHECK(cascade_snr_db(20, 20) == Approx(10 * std::log10(50.0)));
    CHECK(cascade_snr_db(20, 40) == Approx(10 * std::log10(1 / (0.01 + 0.0001))));
}

TEST_CASE("optical SNR: 1 dB of optical margin is 2 dB of electrical SNR", "[phy][snr]") {
    // At the sensitivity the BER is the reference BER.
    CHECK(ber_from_snr_db(Modulation::pam4, optical_snr_db(Modulation::pam4, 0, 2.4e-4)) == Approx(2.4e-4).epsilon(1e-8));
    // The eye opening d/sigma scales with the optical power: x 10^(margin/10).
    const double x0 = q_inverse(2.4e-4 / 0.75);
    for (double margin : {-1.0, 1.0, 3.0}) {
        const double expect = 0.75 * q_function(x0 * std::pow(10.0, margin / 10));
        CHECK(ber_from_snr_db(Modulation::pam4, optical_snr_db(Modulation::pam4, margin, 2.4e-4)) ==
              Approx(expect).epsilon(1e-8));
    }
}

TEST_CASE("electrical channels: reach by class, SNR falls with loss", "[phy][snr]") {
    CHECK(channel_class_reach_db(ChannelClass::xsr) == 13);
    CHECK(channel_class_reach_db(ChannelClass::vsr) == 16);
    CHECK(channel_class_reach_db(ChannelClass::lr) == 35);
    const double at_reach = snr_db_for_ber(Modulation::pam4, 1e-5);
    ElectricalChannel xsr{ChannelClass::xsr, 13};
    CHECK(xsr.ber(Modulation::pam4) == Approx(1e-5).epsilon(1e-8));  // design point
    xsr.insertion_loss_db = 16;  // 3 dB beyond reach: 3 dB less SNR
    CHECK(xsr.snr_db(Modulation::pam4) == Approx(at_reach - 3));
    CHECK(xsr.ber(Modulation::pam4) > 1e-4);
    xsr.insertion_loss_db = 4;   // a CPO channel: 9 dB better, capped at 28 dB
    CHECK(xsr.snr_db(Modulation::pam4) == Approx(std::min(28.0, at_reach + 9)));
    CHECK(xsr.ber(Modulation::pam4) < 1e-15);
    const ElectricalChannel lr{ChannelClass::lr, 22};
    CHECK(lr.snr_db(Modulation::pam4) == Approx(28));
}
