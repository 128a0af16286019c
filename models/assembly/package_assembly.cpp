#include "package_assembly.h"

#include <algorithm>
#include <cmath>

#include "normal_draw.h"
#include "random.h"

namespace cposim {

namespace {
constexpr double pi = 3.14159265358979323846;
constexpr double deg = pi / 180;
// Streams of package K within assembly.seed: geometry and parts apart, so that changing a
// yield leaves the placement of every fibre as it was.
constexpr uint64_t geometry_stream = 0xA5000000000ull, parts_stream = 0xB6000000000ull;

// Draws every fibre's misalignment and returns its alignment loss, dB.
std::vector<double> draw_alignment(const PackageLayout& layout, const AssemblyConfig& c, Random& rng) {
    std::vector<double> bow(static_cast<size_t>(layout.arrays));
    for (auto& b : bow) b = c.warpage_um + c.warpage_sigma_um * normal_pair(rng).first;
    std::vector<double> loss(layout.fibres.size());
    for (size_t f = 0; f < layout.fibres.size(); ++f) {
        const FibreSlot& slot = layout.fibres[f];
        const auto [n1, n2] = normal_pair(rng);
        const auto [n3, n4] = normal_pair(rng);
        const double n5 = normal_pair(rng).first;
        Misalignment m;
        m.dx_um = c.lateral_bias_um + c.lateral_sigma_um * n1;
        m.dy_um = c.lateral_sigma_um * n2;
        m.gap_um = std::fabs(c.axial_gap_um + c.axial_sigma_um * n3);
        m.tilt_x_rad = c.tilt_sigma_deg * deg * n4;
        m.tilt_y_rad = c.tilt_sigma_deg * deg * n5;
        // The bow of its array, a parabola through the end fibres: sag B (1 - u^2).
        const double b = bow[static_cast<size_t>(slot.array)], u = slot.position;
        const double sag = b * (1 - u * u);
        if (c.coupler == Coupler::edge) {
            m.dy_um += sag;  // out of the package plane: across the edge coupler's facet
        } else {
            m.gap_um = std::max(0.0, m.gap_um + sag);  // the array lies on the chip: the gap changes
            if (slot.array_span_um > 0) m.tilt_x_rad += -4 * b * u / slot.array_span_um;  // and the slope tilts it
        }
        loss[f] = coupling_loss_db(c.modes, m);
    }
    return loss;
}

bool draw_good(Random& rng, double yield) { return rng.uniform_open0() <= yield; }
}  // namespace

EngineBudget EngineBudget::from(const PhyConfig& engine_config) {
    const PhyOperatingPoint op = engine_config.operating_point();
    EngineBudget b;
    b.margin_db = op.budget.margin_db();
    b.nominal_facet_loss_db = engine_config.budget.coupling_loss_db;
    b.rings_locked = op.rings_locked;
    b.ber_model = engine_config.ber_model();
    return b;
}

double EngineBudget::ber(double margin) const { return rings_locked ? ber_model.ber(margin) : 0.5; }

AssembledPackage assemble_package(const PackageLayout& layout, const AssemblyConfig& c,
                                  const std::vector<EngineBudget>& budgets, const PortLanes& port, int64_t index) {
    AssembledPackage p;
    p.index = index;
    Random geometry(c.seed, geometry_stream + static_cast<uint64_t>(index));
    p.alignment_loss_db = draw_alignment(layout, c, geometry);

    // Lanes: each direction's margin and BER from the engine's budget.
    const double threshold = PhyConfig::ber_at_sensitivity;
    p.lanes.resize(layout.lanes.size());
    for (size_t i = 0; i < layout.lanes.size(); ++i) {
        const LaneSlot& s = layout.lanes[i];
        const EngineBudget& b = budgets[static_cast<size_t>(s.engine)];
        auto extra = [&](int fibre) {
            return c.base_loss_db + p.alignment_loss_db[static_cast<size_t>(fibre)] - b.nominal_facet_loss_db;
        };
        LaneResult& r = p.lanes[i];
        r.rx_extra_db = extra(s.rx_fibre);
        r.tx_extra_db = extra(s.tx_fibre) + (s.laser_fibre >= 0 ? extra(s.laser_fibre) : 0.0);
        r.rx_margin_db = b.margin_db - r.rx_extra_db;
        r.tx_margin_db = b.margin_db - r.tx_extra_db;
        r.rx_ber = b.ber(r.rx_margin_db);
        r.tx_ber = b.ber(r.tx_margin_db);
        r.pass = r.rx_margin_db >= 0 && r.tx_margin_db >= 0 && r.rx_ber < threshold && r.tx_ber < threshold;
        p.lanes_failed += !r.pass;
    }
    // Ports: spares replace failed lanes; the lanes in use are the first k that pass, then the
    // best of the failed ones (largest worst-direction margin) if too few pass.
    const int k = layout.lanes_per_port, built = layout.lanes_per_port_built();
    p.in_use.resize(static_cast<size_t>(layout.ports));
    for (int q = 0; q < layout.ports; ++q) {
        std::vector<int> passing, failing;
        for (int j = 0; j < built; ++j)
            (p.lanes[static_cast<size_t>(q * built + j)].pass ? passing : failing).push_back(j);
        std::stable_sort(failing.begin(), failing.end(), [&](int a, int b2) {
            return p.lanes[static_cast<size_t>(q * built + a)].worst_margin_db() >
                   p.lanes[static_cast<size_t>(q * built + b2)].worst_margin_db();
        });
        auto& use = p.in_use[static_cast<size_t>(q)];
        for (int j : passing)
            if (static_cast<int>(use.size()) < k) use.push_back(j);
        for (int j : failing)
            if (static_cast<int>(use.size()) < k) use.push_back(j);
        std::sort(use.begin(), use.end());
        const int failed = static_cast<int>(failing.size());
        p.port_lanes_failed.push_back(failed);
        if (failed > layout.spare_lanes) ++p.ports_failed;
        else if (failed > 0) ++p.ports_spared;
        std::vector<double> rx, tx;
        for (int j : use) {
            rx.push_back(p.lanes[static_cast<size_t>(q * built + j)].rx_ber);
            tx.push_back(p.lanes[static_cast<size_t>(q * built + j)].tx_ber);
        }
        p.port_rx_ber.push_back(port.port_ber(rx));
        p.port_tx_ber.push_back(port.port_ber(tx));
    }
    p.optics_pass = p.ports_failed == 0;

    // Parts, from their own stream: a fixed number of draws per part.
    Random parts(c.seed, parts_stream + static_cast<uint64_t>(index));
    p.asic_good = draw_good(parts, c.yields.asic);
    for (int e = 0; e < layout.engines; ++e) p.engines_bad += !draw_good(parts, c.yields.engine);
    const int lasers = static_cast<int>(layout.laser_engine.size());
    bool integrated_laser_bad = false, laser_unreplaceable = false;
    for (int l = 0; l < lasers; ++l) {
        const bool good = draw_good(parts, c.yields.laser);
        const double u = parts.uniform_open0();  // drawn always: the stream stays aligned
        if (good) continue;
        ++p.lasers_bad;
        if (!layout.external_laser) {
            integrated_laser_bad = true;
        } else if (c.yields.laser <= 0) {
            laser_unreplaceable = true;  // no good laser can ever be fitted
        } else {
            // Replacements until one is good: 1 + Geometric(yield) failures, from one draw.
            const double extra = c.yields.laser >= 1 ? 0 : std::floor(std::log(u) / std::log1p(-c.yields.laser));
            p.lasers_replaced += 1 + static_cast<int>(std::min(extra, 1e6));
        }
    }
    for (int a = 0; a < layout.arrays; ++a) p.arrays_bad += !draw_good(parts, c.yields.fibre_attach);
    p.parts_good = p.asic_good && p.engines_bad == 0 && p.arrays_bad == 0 && !integrated_laser_bad && !laser_unreplaceable;

    // Cost: everything fitted, every laser found bad (and bad replacements); the external
    // lasers of a scrapped package are recovered (field-replaceable modules).
    const PartCosts& cost = c.costs;
    p.cost_usd = cost.asic + layout.engines * cost.engine + layout.arrays * cost.fibre_array + cost.package;
    if (!layout.external_laser) {
        p.cost_usd += lasers * cost.laser;
    } else {
        // Every bad laser is lost: the first fit's bad ones and the bad replacements, which
        // together number the replacements fitted (or the bad ones, when none can be).
        p.cost_usd += (laser_unreplaceable ? p.lasers_bad : p.lasers_replaced) * cost.laser;
        if (p.good()) p.cost_usd += lasers * cost.laser;
    }
    return p;
}

}  // namespace cposim
