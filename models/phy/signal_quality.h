// Bit error ratio of NRZ and PAM4 from the signal-to-noise ratio at the slicer, and back.
//
// SNR definition used throughout cposim: SNR = (mean symbol power) / (noise variance) at the
// decision point, i.e. E_avg / sigma^2 for M equally spaced levels +-d, +-3d, ... with
// additive white Gaussian noise of standard deviation sigma. Then (Proakis and Salehi,
// "Digital Communications", 5th ed., sec. 4.3, M-ary PAM; Gray coding, one bit error per
// symbol error):
//   d / sigma = sqrt(3 SNR / (M^2 - 1))
//   SER = 2 (1 - 1/M) Q(d / sigma)
//   BER = SER / log2 M = 2 (M - 1) / (M log2 M) Q(sqrt(3 SNR / (M^2 - 1)))
//   NRZ  (M = 2): BER = Q(sqrt(SNR))
//   PAM4 (M = 4): BER = (3/4) Q(sqrt(SNR / 5))
// with Q(x) = erfc(x / sqrt 2) / 2.
#pragma once

#include "lane_rate.h"

namespace cposim {

double q_function(double x);
// x with Q(x) = p, for p in (0, 0.5]; bisection, |error| < 1e-12.
double q_inverse(double p);

double db_to_linear(double db);     // 10^(db/10) (power ratio)
double linear_to_db(double ratio);  // 10 log10(ratio)

// BER of Gray-coded M-PAM at `snr` (linear, as defined above).
double ber_from_snr(Modulation m, double snr);
double ber_from_snr_db(Modulation m, double snr_db);
// The SNR (dB) at which the BER is `ber` (the inverse of ber_from_snr_db).
double snr_db_for_ber(Modulation m, double ber);

// Noise powers of cascaded linear (un-retimed) segments add: 1/SNR = sum 1/SNR_i.
double cascade_snr_db(double a_db, double b_db);

// Optical receiver in the thermal-noise limit (Agrawal, "Fiber-Optic Communication Systems",
// 4th ed., sec. 4.4: the photocurrent, hence the signal amplitude, is proportional to the
// optical power, while the noise does not depend on it): every dB of optical power (OMA) above
// the sensitivity adds 2 dB of electrical SNR. The sensitivity is the OMA at which the BER is
// `ber_at_sensitivity` (IEEE 802.3 specifies it at the FEC threshold, 2.4e-4 for KP4 links).
double optical_snr_db(Modulation m, double margin_db, double ber_at_sensitivity);

}  // namespace cposim
