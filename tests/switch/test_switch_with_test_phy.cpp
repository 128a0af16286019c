// The switch holds no PHY: a PHY written here, which loses every 100th frame it receives and
// takes port 1's link down for a while, is bound in place of the real one, and the switch
// still accounts for every packet; registered by name, the same PHY runs a whole scenario.
// In-process (one simulation per test case: Catch2 runs each case in its own process).
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include <systemc>

#include "all_parameters.h"
#include "fibre_link.h"
#include "generated_source.h"
#include "packet_sink.h"
#include "port_phy.h"
#include "switch_asic.h"
#include "switch_testbench.h"
#include "traffic_generator.h"
#include "window_loop.h"

using namespace cposim;

namespace {

// Loses every 100th frame of the receive direction that arrives before `lose_before` (so
// that the switch has dropped each by the end of the run), and on port 1 announces its link
// down over [down_from, down_to).
class LossyPhy : public PortPhy {
public:
    int64_t received = 0, lost = 0;

    LossyPhy(sc_core::sc_module_name name, int port, TimePs down_from, TimePs down_to, TimePs lose_before)
        : PortPhy(name, port), down_from_(down_from), down_to_(down_to), lose_before_(lose_before) {}

private:
    void start_of_simulation() override {
        if (port() != 1) return;
        link_status->link_changed(port(), down_from_, false);
        link_status->link_changed(port(), down_to_, true);
    }
    void rx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override {
        const TimePs shift = train_shift(*packet_of(gp), delay);
        for (Packet* p = packet_of(gp); p; p = p->next) {
            p->t_ingress_first_bit = p->t_sent + shift;  // the PHY's part of the protocol
            if (p->t_ingress_first_bit < lose_before_ && ++received % 100 == 0) {
                p->drop_pending = true;
                p->drop_reason = static_cast<uint8_t>(DropReason::fcs_error);
                ++lost;
            }
        }
        rx_out->b_transport(gp, delay);
    }
    void tx_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override { tx_out->b_transport(gp, delay); }
    TimePs down_from_, down_to_, lose_before_;
};

}  // namespace

TEST_CASE("a PHY written in the test replaces the real one and every packet is accounted for", "[switch][phy]") {
    ParameterSet params(parameter_registry());
    params.set("switch.ports", "4", "test");
    params.set("switch.port_speed", "100G", "test");
    params.set("traffic.load", "0.8", "test");
    params.set("traffic.packet_bytes", "64", "test");
    const int ports = 4;
    const TimePs end = 40'000'000, warmup = 2'000'000, quantum = 500'000;
    const TimePs down_from = 10'000'000, down_to = 25'000'000;
    const SwitchConfig sw = SwitchConfig::from(params, 10'000);
    PacketPool pool;
    const TrafficConfig traffic = TrafficConfig::from(params, ports);
    GeneratedSource source(traffic, ports, sw.port_speed_gbps, 1, pool, warmup);
    DestinationPortPipeline pipeline(250);
    DecouplingWindows windows(quantum, end);
    SwitchAsic asic("asic", sw, {&pipeline}, pool, windows, end, warmup, 1, nullptr);
    TrafficGenerator partners("partners", ports, sw.port_speed_gbps, source, traffic.source_queue_frames, pool, windows,
                              end, warmup);
    std::vector<std::unique_ptr<LossyPhy>> phys;
    std::vector<std::unique_ptr<FibreLink>> links;
    PacketSinks sinks("sinks", ports, pool, end, warmup);
    for (int i = 0; i < ports; ++i) {
        const std::string n = std::to_string(i);
        phys.emplace_back(new LossyPhy(("phy" + n).c_str(), i, down_from, down_to, end - 1'000'000));
        links.emplace_back(new FibreLink(("in" + n).c_str(), 2));
        links.emplace_back(new FibreLink(("out" + n).c_str(), 2));
        links.emplace_back(new FibreLink(("pause" + n).c_str(), 2));
        const size_t k = static_cast<size_t>(i);
        partners.out[k]->bind(links[3 * k]->in);
        links[3 * k]->out.bind(phys[k]->rx_in);
        phys[k]->rx_out.bind(*asic.ingress[k]);
        asic.egress[k]->bind(phys[k]->tx_in);
        phys[k]->tx_out.bind(links[3 * k + 1]->in);
        links[3 * k + 1]->out.bind(*sinks.in[k]);
        asic.pause_out[k]->bind(links[3 * k + 2]->in);
        links[3 * k + 2]->out.bind(*partners.pause_in[k]);
        phys[k]->link_status.bind(asic);
    }
    WindowLoop loop("windows", {&partners, &asic}, end);
    sc_core::sc_start(ps_to_sc(end));
    partners.finish();

    int64_t injected = 0, delivered = 0, lost = 0, received = 0;
    for (int i = 0; i < ports; ++i) {
        injected += partners.counters(i).created;
        delivered += sinks.counters(i).delivered;
        lost += phys[static_cast<size_t>(i)]->lost;
        received += phys[static_cast<size_t>(i)]->received;
    }
    const auto& dropped = asic.counters().dropped;
    int64_t dropped_total = 0;
    for (auto d : dropped) dropped_total += d;
    // Every 100th frame each PHY saw, by hand; the switch dropped exactly those as fcs_error.
    int64_t expected_lost = 0;
    for (const auto& p : phys) expected_lost += p->received / 100;
    CHECK(lost == expected_lost);
    CHECK(received > 10000);
    CHECK(dropped[static_cast<size_t>(DropReason::fcs_error)] == expected_lost);
    // Port 1's link was down for 15 us of the 40: its MAC discarded what it would have sent.
    CHECK(dropped[static_cast<size_t>(DropReason::link_down)] > 0);
    CHECK(asic.port_counters(1).drops >= dropped[static_cast<size_t>(DropReason::link_down)]);
    // injected = delivered + dropped + in flight (no PFC frames here)
    CHECK(injected == delivered + dropped_total + pool.live());
}

TEST_CASE("a PHY registered by name runs a whole scenario in place of the built-in one", "[switch][phy]") {
    // Registered before the parameters are declared, so phy.model accepts its name.
    port_phys().add("lossy_test",
                    [](const PhyContext& c) {
                        return std::make_unique<LossyPhy>(c.name.c_str(), c.port, c.end, c.end, c.end - 1'000'000);
                    },
                    "loses every 100th received frame (test)");
    ParameterSet params(parameter_registry());
    params.set("phy.model", "lossy_test", "test");
    params.set("switch.ports", "8", "test");
    params.set("switch.port_speed", "100G", "test");
    params.set("traffic.packet_bytes", "64", "test");
    params.set("sim.duration_us", "20", "test");
    const nlohmann::json report = run_switch_scenario(params, {});
    check_packet_accounting(report);  // throws if a packet is missing
    const auto& p = report.at("packets");
    // Every 100th of the frames that reached a PHY before the last us, within each PHY:
    // at least (injected before the end - 1 us) / 100 - 8 of them.
    const int64_t fcs = p.at("dropped").at("fcs_error");
    CHECK(fcs > 0);
    CHECK(fcs * 100 <= p.at("injected").get<int64_t>());
    CHECK(fcs * 100 >= p.at("injected").get<int64_t>() * 9 / 10 - 800);
    CHECK(p.at("dropped").at("fec_uncorrectable") == 0);
}
