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

const char* engine_interface_name(EngineInterface i) {
    switch (i) {
        case EngineInterface::linear: return "linear";
        case EngineInterface::xsr: return "xsr";
        case EngineInterface::vsr: return "vsr";
        case EngineInterface::dsp: return "dsp";
    }
    return "?";
}

EngineInterface parse_engine_interface(const std::string& name) {
    if (name == "linear") return EngineInterface::linear;
    if (name == "xsr") return EngineInterface::xsr;
    if (name == "vsr") return EngineInterface::vsr;
    if (name == "dsp") return EngineInterface::dsp;
    throw std::invalid_argument("unknown engine interface '" + name + "' (linear, xsr, vsr, dsp)");
}

double engine_interface_pj_per_bit(EngineInterface i) {
    switch (i) {
        case EngineInterface::linear: return 0.0;  // the drivers and TIAs are counted as optics
        case EngineInterface::xsr: return channel_class_energy_pj_per_bit(ChannelClass::xsr);
        case EngineInterface::vsr: return channel_class_energy_pj_per_bit(ChannelClass::vsr);
        // Derived (D): 8.5 W per 800G port over its 8 x 106.25 Gb/s = pluggable 14-16 W
        // (docs/references.md "Bailly optics power", midpoint 15 W) minus a linear module's
        // 5-8 W ("Linear pluggable optics power", midpoint 6.5 W).
        case EngineInterface::dsp: return 8.5 / (8 * 106.25) * 1e3;
    }
    return 0.0;
}

PackagingTraits packaging_traits(Packaging p) {
    switch (p) {
        case Packaging::pluggable:
            // Host channel ~22 dB at 200G lanes (NVIDIA co-packaged optics blog, whose
            // comparison is of 1.6T = 8 x 200G ports; docs/references.md "NVIDIA per-port
            // power"), an LR-class host SerDes (assumed), a DSP retimer in the module.
            // Published: 15 W per 800G port (Bailly; 800G DR8 OSFP max 17 W).
            return {ChannelClass::lr, 22.0, EngineInterface::dsp, true, 15.0};
        case Packaging::lpo:
            // The same host board and LR SerDes as a pluggable (assumed); no DSP and no SerDes
            // in the module: the host SerDes drives the module's linear drivers, whose
            // equalisation is part of the driver and TIA. Published: 5-8 W per 800G (gazettabyte).
            return {ChannelClass::lr, 22.0, EngineInterface::linear, true, 6.5};
        case Packaging::npo:
            // Optics a few cm from the ASIC: a VSR channel of ~10 dB at 200G lanes (assumed,
            // between XSR and LR) and a VSR SerDes on each side, no DSP. No published figure.
            return {ChannelClass::vsr, 10.0, EngineInterface::vsr, false, 0.0};
        case Packaging::cpo:
            // Electrical channel ~4 dB at 200G lanes (NVIDIA blog, docs/references.md "NVIDIA
            // per-port power"). The engine ends the XSR link with an XSR SerDes of its own, as
            // the OIF 3.2T co-packaging module's 32 CEI-112G-XSR host lanes do
            // (docs/references.md "OIF 3.2T co-packaged module"): <1.1 pJ/b (Gangasani et al.
            // 2025, "XSR SerDes energy"), which recovers the clock: the electrical and optical
            // segments are detected separately. (optics.engine_interface=linear models a
            // directly driven engine instead.) Published: 5.5 W per 800G port (Bailly
            // interview; NVIDIA: ~9 W per 1.6T port).
            return {ChannelClass::xsr, 4.0, EngineInterface::xsr, false, 5.5};
    }
    throw std::invalid_argument("packaging_traits: bad packaging");
}

double channel_loss_at_baud_db(double loss_db_at_reference, double baud_gbd) {
    return loss_db_at_reference * baud_gbd / reference_baud_gbd;
}

}  // namespace cposim
