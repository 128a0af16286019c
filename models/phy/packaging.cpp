#include "packaging.h"

#include <stdexcept>

namespace cposim {

const char* packaging_name(Packaging p) {
    switch (p) {
        case Packaging::pluggable: return "pluggable";
        case Packaging::lpo: return "lpo";
        case Packaging::npo: return "npo";
        case Packaging::cpo: return "cpo";
    }
    return "?";
}

Packaging parse_packaging(const std::string& name) {
    if (name == "pluggable") return Packaging::pluggable;
    if (name == "lpo") return Packaging::lpo;
    if (name == "npo") return Packaging::npo;
    if (name == "cpo") return Packaging::cpo;
    throw std::invalid_argument("unknown packaging '" + name + "' (pluggable, lpo, npo, cpo)");
}

PackagingTraits packaging_traits(Packaging p) {
    switch (p) {
        case Packaging::pluggable:
            // Host channel ~22 dB (NVIDIA co-packaged optics blog, docs/references.md "NVIDIA per-port power"), an LR-class
            // SerDes at 5 pJ/bit (assumed: long-reach 112G SerDes, several times the XSR
            // figure). DSP: 8.5 W per 800G, derived (D): pluggable 14-16 W (Bailly interview,
            // midpoint 15 W) minus a linear module's 5-8 W (gazettabyte, midpoint 6.5 W).
            // Published: 15 W per 800G port (Bailly interview; 800G DR8 OSFP max 17 W, NVIDIA
            // MMS4X00-NS).
            return {ChannelClass::lr, 22.0, 5.0, true, 8.5, true, 15.0};
        case Packaging::lpo:
            // The same host board and LR SerDes as a pluggable (assumed), no DSP, one linear
            // link from host SerDes to the far end. Published: 5-8 W per 800G (gazettabyte).
            return {ChannelClass::lr, 22.0, 5.0, false, 0.0, false, 6.5};
        case Packaging::npo:
            // Optics a few cm from the ASIC: a VSR channel of ~10 dB and a VSR SerDes at
            // 2 pJ/bit (both assumed, between XSR and LR), no DSP. No published figure in
            // docs/references.md.
            return {ChannelClass::vsr, 10.0, 2.0, false, 0.0, false, 0.0};
        case Packaging::cpo:
            // Electrical channel ~4 dB (NVIDIA blog, docs/references.md "NVIDIA per-port power"); XSR SerDes <1.1 pJ/b at 113G
            // PAM4 over 1-12 dB (Gangasani et al., IEEE SSC-L 8, 2025). Linear drive of the
            // engine (assumed). Published: 5.5 W per 800G port (Bailly interview; NVIDIA:
            // ~9 W per 1.6T port, i.e. 4.5 W per 800G).
            return {ChannelClass::xsr, 4.0, 1.1, false, 0.0, false, 5.5};
    }
    throw std::invalid_argument("packaging_traits: bad packaging");
}

}  // namespace cposim
