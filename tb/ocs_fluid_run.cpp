#include "ocs_fluid_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <map>
#include <numeric>
#include <queue>

#include "circuit_schedule.h"
#include "errors.h"
#include "ocs_path_budget.h"
#include "units.h"

namespace cposim {

namespace {

// Equal shares of `capacity` among the demands `want` (water-filling: a demand smaller than
// its share takes only what it wants, the rest goes to the others).
std::vector<double> equal_shares(double capacity, const std::vector<double>& want) {
    std::vector<double> got(want.size(), 0.0);
    std::vector<size_t> order(want.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return want[x] < want[y]; });
    double left = capacity;
    for (size_t k = 0; k < order.size(); ++k) {
        const double share = left / static_cast<double>(order.size() - k);
        got[order[k]] = std::min(want[order[k]], share);
        left -= got[order[k]];
    }
    return got;
}

struct Flow {
    int src = 0, dst = 0, a = 0, b = 0;  // GPUs and their leaves
    double bytes = 0;
    double at_nic = 0, at_src = 0, at_dst = 0, delivered = 0;
    std::vector<std::pair<int, double>> relays;  // (leaf holding it, bytes): two_hop
    bool nvlink = false, open = false, done = false;
    TimePs trip_ps = 0, electrical_trip_ps = 0;  // over circuits (or inside a leaf); through a spine
    bool last_electrical = false;                 // its last bytes went through a spine
    double rate = 0;  // bytes per ps it arrived at in the last step
    double delivered_before = 0;
};

// What is left of a flow below this has moved (sums of many fluid increments round).
bool all_moved(double left, const Flow& f) { return left <= 1e-9 * f.bytes + 1e-6; }

}  // namespace

nlohmann::json run_ocs_fabric(const FabricPlan& plan, const SimulationConfig& sim, const RunOptions& options) {
    const auto wall_start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const Topology& topo = plan.topo;
    const OcsConfig ocs = OcsConfig::from(plan.params);
    if (topo.planes > 1)
        throw ConfigError(plan.params.value("fabric.planes").origin +
                          ": fabric.planes: an OCS fabric has one plane (its uplinks are its circuit planes)");
    const int L = plan.fabric.leaves, hpl = plan.fabric.hosts_per_leaf;
    // A leaf's ports: its GPUs, its uplinks to electrical spines (hybrid), its uplinks to the
    // OCS layer, one circuit plane each.
    const bool hybrid = plan.fabric.topology == TopologyKind::hybrid;
    const int electrical = hybrid ? topo.switches[0].ports - hpl - plan.fabric.ocs_uplinks : 0;
    const int uplinks = topo.switches[0].ports - hpl - electrical;
    const int first_circuit_port = hpl + electrical;
    const int units = hybrid ? plan.fabric.ocs_units : plan.fabric.spines;
    const int ports_used = L * uplinks / units;
    if (ports_used > ocs.ports)
        throw ConfigError(plan.params.value("ocs.ports").origin + ": ocs.ports: each of the " +
                          std::to_string(units) + " OCS needs " + std::to_string(ports_used) + " ports (" +
                          std::to_string(L) + " leaves x " + std::to_string(uplinks / units) + " uplinks), it has " +
                          std::to_string(ocs.ports));
    const std::unique_ptr<Workload> workload = plan.make_workload(sim.seed);
    const auto& msgs = workload->messages();

    // Rates in bytes per ps: payload at the frames' efficiency.
    auto bytes_per_ps = [&](double gbps) { return plan.payload_gbps(gbps) / 8.0 * 1e-3; };
    const double circuit_rate = bytes_per_ps(plan.configs[0].port_speed_gbps);
    std::vector<double> host_rate(static_cast<size_t>(topo.hosts));
    for (int h = 0; h < topo.hosts; ++h) host_rate[static_cast<size_t>(h)] = bytes_per_ps(plan.host_rate_gbps[static_cast<size_t>(h)]);
    const double nvlink_rate = plan.host.nvlink_gbps / 8.0 * 1e-3;
    auto leaf_latency = [&](int s) {
        return plan.rx_latency_ps[static_cast<size_t>(s)] + plan.pipeline_ps[static_cast<size_t>(s)] +
               wire_time_ps(plan.host.mtu_bytes + plan.host.header_bytes, plan.configs[static_cast<size_t>(s)].port_speed_gbps);
    };

    std::vector<Flow> flows(msgs.size());
    for (size_t m = 0; m < msgs.size(); ++m) {
        Flow& f = flows[m];
        f.src = msgs[m].src;
        f.dst = msgs[m].dst;
        f.a = topo.host_port[static_cast<size_t>(f.src)].index;
        f.b = topo.host_port[static_cast<size_t>(f.dst)].index;
        f.bytes = static_cast<double>(msgs[m].bytes);
        f.nvlink = plan.host.same_server(f.src, f.dst);
        f.trip_ps = f.nvlink ? plan.host.nvlink_latency_ps
                             : static_cast<TimePs>(std::llround(
                                   2 * static_cast<double>(fibre_delay_ps(plan.fabric.host_link_m)) + leaf_latency(f.a) +
                                   (f.a == f.b ? 0.0 : 2 * static_cast<double>(fibre_delay_ps(plan.fabric.spine_link_m)) + leaf_latency(f.b))));
        // Through an electrical spine: its latency too (the spines are the switches after the leaves).
        if (hybrid) f.electrical_trip_ps = f.trip_ps + static_cast<TimePs>(std::llround(leaf_latency(L)));
    }

    CircuitSchedule circuits(L, uplinks, ocs.schedule, ocs.circuit_ps(), ocs.reconfig_ps());
    if (ocs.schedule == OcsSchedule::static_matchings && !hybrid) {
        auto circuit = [&](int x, int y) {
            for (int q = 0; q < uplinks; ++q)
                if (circuits.partner(q, x) == y) return true;
            return false;
        };
        for (const Flow& f : flows) {  // a message between leaves no route joins would never go
            bool route = f.a == f.b || f.nvlink || circuit(f.a, f.b);
            for (int c = 0; c < L && !route && ocs.routing == OcsRouting::two_hop; ++c)
                route = circuit(f.a, c) && circuit(c, f.b);
            if (!route)
                throw ConfigError(plan.params.value("ocs.routing").origin + ": ocs.routing: " +
                                  topo.switches[static_cast<size_t>(f.a)].name + " and " +
                                  topo.switches[static_cast<size_t>(f.b)].name + " are joined by no " +
                                  (ocs.routing == OcsRouting::two_hop ? "path of one or two circuits" : "circuit") +
                                  " in the static schedule (" + std::to_string(uplinks) + " uplinks per leaf, " +
                                  std::to_string(L - 1 + L % 2) + " matchings for " + std::to_string(L) +
                                  " leaves) and GPUs on them exchange messages: give the leaves as many uplinks as "
                                  "matchings" + (ocs.routing == OcsRouting::direct ? ", or set ocs.routing=two_hop" : ""));
        }
    }
    const TimePs step_ps = std::max<TimePs>(1, std::llround(ocs.time_step_ns * 1e3));
    const TimePs end = static_cast<TimePs>(std::llround(sim.duration_us * 1e6));
    const TimePs window_ps = std::max<TimePs>(1, std::llround(ocs.demand_window_us * 1e6));
    const TimePs controller_ps = std::llround(ocs.controller_us * 1e6);
    TimePs next_window = ocs.schedule == OcsSchedule::demand ? window_ps : INT64_MAX;
    struct Pending {
        TimePs at = INT64_MAX;
        std::vector<std::vector<int>> partner;
    } pending;
    std::vector<double> demand(static_cast<size_t>(L) * static_cast<size_t>(L), 0.0);  // bytes a -> b this window

    std::vector<TimePs> posted(msgs.size(), -1), delivered(msgs.size(), -1);
    using Event = std::pair<TimePs, uint32_t>;
    std::priority_queue<Event, std::vector<Event>, std::greater<Event>> posts, arrivals;
    std::map<std::pair<int, int>, std::deque<uint32_t>> queue_pair;
    std::vector<uint32_t> active;
    auto open = [&](uint32_t m) {
        flows[m].open = true;
        flows[m].at_nic = flows[m].bytes;
        active.push_back(m);
    };
    for (const MessagePost& p : workload->start()) posts.push({p.after, p.message});

    // Counters for the report.
    double circuit_bytes = 0, relayed_bytes = 0, peak_edge_bytes = 0;
    std::vector<double> uplink_bytes(static_cast<size_t>(L) * static_cast<size_t>(uplinks), 0.0);
    double electrical_bytes = 0;
    std::vector<double> electrical_port_bytes(static_cast<size_t>(L) * static_cast<size_t>(electrical), 0.0);
    int64_t steps = 0;

    // Per step: each NIC's open messages, each leaf's queues, each GPU's arrivals.
    std::vector<std::vector<uint32_t>> by_nic(static_cast<size_t>(topo.hosts)), by_nvlink(by_nic.size()), by_dst(by_nic.size());
    std::vector<std::vector<uint32_t>> queued(static_cast<size_t>(L) * static_cast<size_t>(L));
    std::vector<std::vector<std::pair<uint32_t, size_t>>> relayed(queued.size());  // (flow, its relay)
    auto pair = [L](int holder, int to) { return static_cast<size_t>(holder) * static_cast<size_t>(L) + static_cast<size_t>(to); };
    std::vector<char> reaches(queued.size(), 0);  // two_hop: [c x L + b], c holds a circuit to b (or is b)

    TimePs t = 0;
    while (t < end) {
        while (!arrivals.empty() && arrivals.top().first <= t) {
            const auto [when, m] = arrivals.top();
            arrivals.pop();
            delivered[m] = when;
            for (const MessagePost& p : workload->delivered(m, when)) posts.push({when + p.after, p.message});
        }
        while (!posts.empty() && posts.top().first <= t) {
            const auto [when, m] = posts.top();
            posts.pop();
            posted[m] = when;
            auto& qp = queue_pair[{flows[m].src, flows[m].dst}];
            qp.push_back(m);
            if (qp.size() == 1) open(m);
        }
        if (workload->complete()) break;
        if (pending.at <= t) {
            circuits.set_matchings(pending.partner, pending.at);
            pending.at = INT64_MAX;
        }
        circuits.advance_to(t);
        active.erase(std::remove_if(active.begin(), active.end(), [&](uint32_t m) { return flows[m].done; }), active.end());
        TimePs next = end;
        if (!posts.empty()) next = std::min(next, posts.top().first);
        if (!arrivals.empty()) next = std::min(next, arrivals.top().first);
        if (active.empty()) {  // nothing moving: on to the next post or arrival
            if (next >= end) break;
            t = next;
            continue;
        }
        next = std::min({next, t + step_ps, circuits.next_change(t), pending.at, next_window});
        for (uint32_t m : active) {  // a step ends where a flow, going on at its last rate, would be done
            const Flow& f = flows[m];  // (one arriving at no rate yet but leaving its NIC: at the NIC's)
            const double rate = f.rate > 0       ? f.rate
                                : f.at_nic <= 0  ? 0.0  // waiting for a circuit: no end to foresee
                                : f.nvlink       ? nvlink_rate
                                                 : host_rate[static_cast<size_t>(f.src)];
            if (rate > 0)
                next = std::min(next, t + std::max<TimePs>(1, static_cast<TimePs>(std::ceil((f.bytes - f.delivered) / rate))));
        }
        const TimePs h = std::max<TimePs>(1, next - t);
        const double span = static_cast<double>(h);
        ++steps;

        // 1. NICs (and NVLink) into the leaves.
        for (auto& list : by_nic) list.clear();
        for (auto& list : by_nvlink) list.clear();
        for (uint32_t m : active)
            if (flows[m].at_nic > 0) (flows[m].nvlink ? by_nvlink : by_nic)[static_cast<size_t>(flows[m].src)].push_back(m);
        auto send_from = [&](const std::vector<uint32_t>& list, double capacity, bool nvlink) {
            std::vector<double> want;
            for (uint32_t m : list) want.push_back(flows[m].at_nic);
            const std::vector<double> got = equal_shares(capacity, want);
            for (size_t i = 0; i < list.size(); ++i) {
                Flow& f = flows[list[i]];
                f.at_nic -= got[i];
                if (nvlink) f.delivered += got[i];
                else if (f.a == f.b) f.at_dst += got[i];
                else f.at_src += got[i];
                if (all_moved(f.at_nic, f)) {  // wholly sent: its queue pair's next message opens
                    f.at_nic = 0;
                    auto& qp = queue_pair[{f.src, f.dst}];
                    qp.pop_front();
                    if (!qp.empty()) open(qp.front());
                }
            }
        };
        for (size_t host = 0; host < by_nic.size(); ++host) {
            if (!by_nic[host].empty()) send_from(by_nic[host], host_rate[host] * span, false);
            if (!by_nvlink[host].empty()) send_from(by_nvlink[host], nvlink_rate * span, true);
        }

        // 2. Circuits. Queues and relays per (leaf holding them, destination leaf); relayed
        // bytes land at their leaf after every circuit has carried.
        for (auto& list : queued) list.clear();
        for (auto& list : relayed) list.clear();
        std::vector<double> edge(static_cast<size_t>(L), 0.0);
        for (uint32_t m : active) {
            const Flow& f = flows[m];
            if (f.at_src > 0) {
                queued[pair(f.a, f.b)].push_back(m);
                edge[static_cast<size_t>(f.a)] += f.at_src;
            }
            for (size_t r = 0; r < f.relays.size(); ++r)
                if (f.relays[r].second > 0) {
                    relayed[pair(f.relays[r].first, f.b)].push_back({m, r});
                    edge[static_cast<size_t>(f.relays[r].first)] += f.relays[r].second;
                }
        }
        for (double e : edge) peak_edge_bytes = std::max(peak_edge_bytes, e);
        std::vector<std::pair<uint32_t, std::pair<int, double>>> new_relays;
        if (ocs.routing == OcsRouting::two_hop) {  // which leaves can pass a relay on to which
            for (int c = 0; c < L; ++c)
                for (int b = 0; b < L; ++b) {
                    bool r = c == b || ocs.schedule == OcsSchedule::rotor;
                    for (int q = 0; q < uplinks && !r; ++q) r = circuits.partner(q, c) == b;
                    reaches[pair(c, b)] = r;
                }
        }
        std::vector<std::vector<int>> circuits_to(static_cast<size_t>(L));  // per far leaf: this leaf's planes to it
        std::vector<double> left(static_cast<size_t>(L));
        for (int a = 0; a < L; ++a) {
            // This leaf's circuits that are up, grouped by the leaf they reach: each group
            // carries n x the port's rate in the step.
            for (auto& planes : circuits_to) planes.clear();
            for (int q = 0; q < uplinks; ++q) {
                const int c = circuits.peer(q, a, t);
                if (c >= 0) circuits_to[static_cast<size_t>(c)].push_back(q);
            }
            double pooled = 0;
            for (int c = 0; c < L; ++c) {
                const auto& planes = circuits_to[static_cast<size_t>(c)];
                double capacity = circuit_rate * span * static_cast<double>(planes.size());
                if (capacity > 0) {
                    // Relays held here for c first; direct routing: then this leaf's queue for c.
                    const auto& for_c = relayed[pair(a, c)];
                    std::vector<double> want;
                    for (const auto& [m, r] : for_c) want.push_back(flows[m].relays[r].second);
                    std::vector<double> got = equal_shares(capacity, want);
                    for (size_t i = 0; i < for_c.size(); ++i) {
                        Flow& f = flows[for_c[i].first];
                        f.relays[for_c[i].second].second -= got[i];
                        f.at_dst += got[i];
                        f.last_electrical = false;
                        capacity -= got[i];
                    }
                    if (ocs.routing == OcsRouting::direct) {
                        const auto& mine = queued[pair(a, c)];
                        want.clear();
                        for (uint32_t m : mine) want.push_back(flows[m].at_src);
                        got = equal_shares(capacity, want);
                        for (size_t i = 0; i < mine.size(); ++i) {
                            Flow& f = flows[mine[i]];
                            f.at_src -= got[i];
                            f.at_dst += got[i];
                            f.last_electrical = false;
                            capacity -= got[i];
                            demand[pair(a, c)] += got[i];
                        }
                    }
                }
                left[static_cast<size_t>(c)] = capacity;
                pooled += capacity;
            }
            if (ocs.routing == OcsRouting::two_hop && pooled > 0) {
                // Valiant: what is left of every circuit, pooled, shared equally by this leaf's
                // queued flows; each flow's share spreads over the circuits in proportion to
                // what they have left: the far leaf keeps what is its own, relays the rest.
                // Only over circuits to leaves that are its destination or hold a circuit to it
                // (a rotor's every leaf does in turn): a relay never waits for good.
                std::vector<uint32_t> mine;
                std::vector<double> want, usable_of;
                for (int b = 0; b < L; ++b) {
                    double usable = 0;
                    for (int c = 0; c < L; ++c)
                        if (reaches[pair(c, b)]) usable += left[static_cast<size_t>(c)];
                    for (uint32_t m : queued[pair(a, b)]) {
                        mine.push_back(m);
                        want.push_back(std::min(flows[m].at_src, usable));
                        usable_of.push_back(usable);
                    }
                }
                const std::vector<double> got = equal_shares(pooled, want);
                // Each flow's share spread over its circuits by what they have left; a circuit
                // offered more than it has left scales its parts down (the rest stays queued).
                std::vector<double> offered(static_cast<size_t>(L), 0.0);
                for (size_t i = 0; i < mine.size(); ++i)
                    for (int c = 0; c < L && got[i] > 0; ++c)
                        if (reaches[pair(c, flows[mine[i]].b)])
                            offered[static_cast<size_t>(c)] += got[i] * left[static_cast<size_t>(c)] / usable_of[i];
                std::vector<double> used(static_cast<size_t>(L), 0.0);
                for (size_t i = 0; i < mine.size(); ++i) {
                    Flow& f = flows[mine[i]];
                    for (int c = 0; c < L && got[i] > 0; ++c) {
                        const size_t ci = static_cast<size_t>(c);
                        if (!reaches[pair(c, f.b)] || offered[ci] <= 0) continue;
                        const double part = got[i] * left[ci] / usable_of[i] * std::min(1.0, left[ci] / offered[ci]);
                        if (part <= 0) continue;
                        f.at_src -= part;
                        used[ci] += part;
                        demand[pair(a, f.b)] += part;
                        if (c == f.b) {
                            f.at_dst += part;
                            f.last_electrical = false;
                        } else {
                            new_relays.push_back({mine[i], {c, part}});
                            relayed_bytes += part;
                        }
                    }
                    if (f.at_src < 0) f.at_src = 0;  // rounding
                }
                for (int c = 0; c < L; ++c) left[static_cast<size_t>(c)] -= used[static_cast<size_t>(c)];
            }
            for (int c = 0; c < L; ++c) {  // what each circuit carried (a group's circuits alike)
                const auto& planes = circuits_to[static_cast<size_t>(c)];
                if (planes.empty()) continue;
                const double carried = circuit_rate * span * static_cast<double>(planes.size()) - left[static_cast<size_t>(c)];
                circuit_bytes += carried;
                for (int q : planes)
                    uplink_bytes[static_cast<size_t>(a) * static_cast<size_t>(uplinks) + static_cast<size_t>(q)] +=
                        carried / static_cast<double>(planes.size());
            }
        }
        if (hybrid) {
            // 2b. What the circuits left goes through the electrical spines: each leaf's uplinks
            // to them shared equally by its queued flows, then each leaf's downlinks from them
            // (as many) scaling down what would overfill them (ECMP spreads evenly, at best).
            const double pool = circuit_rate * span * electrical;
            std::vector<std::pair<uint32_t, std::pair<double*, double>>> offers;  // flow, (what it drains, bytes)
            std::vector<double> into(static_cast<size_t>(L), 0.0);
            for (int a = 0; a < L; ++a) {
                std::vector<uint32_t> mine;
                std::vector<double> want;
                std::vector<double*> from;  // what each offer drains: a queue, or a relay held here
                for (int b = 0; b < L; ++b) {
                    for (uint32_t m : queued[pair(a, b)])
                        if (flows[m].at_src > 0) {
                            mine.push_back(m);
                            want.push_back(flows[m].at_src);
                            from.push_back(&flows[m].at_src);
                        }
                    for (const auto& [m, r] : relayed[pair(a, b)])
                        if (flows[m].relays[r].second > 0) {
                            mine.push_back(m);
                            want.push_back(flows[m].relays[r].second);
                            from.push_back(&flows[m].relays[r].second);
                        }
                }
                const std::vector<double> got = equal_shares(pool, want);
                for (size_t i = 0; i < mine.size(); ++i)
                    if (got[i] > 0) {
                        offers.push_back({mine[i], {from[i], got[i]}});
                        into[static_cast<size_t>(flows[mine[i]].b)] += got[i];
                    }
            }
            for (const auto& [m, offer] : offers) {
                Flow& f = flows[m];
                const double moved = offer.second * std::min(1.0, pool / into[static_cast<size_t>(f.b)]);
                *offer.first -= moved;
                f.at_dst += moved;
                f.last_electrical = true;
                electrical_bytes += moved;
                demand[pair(f.a, f.b)] += moved;
                for (int e = 0; e < electrical; ++e)
                    electrical_port_bytes[static_cast<size_t>(f.a) * static_cast<size_t>(electrical) + static_cast<size_t>(e)] +=
                        moved / electrical;
            }
        }
        for (const auto& [m, relay] : new_relays) {
            auto& rs = flows[m].relays;
            const int holder = relay.first;
            auto it = std::find_if(rs.begin(), rs.end(), [holder](const auto& r) { return r.first == holder; });
            if (it == rs.end()) rs.push_back(relay);
            else it->second += relay.second;
        }

        // 3. Down to the GPUs.
        for (auto& list : by_dst) list.clear();
        for (uint32_t m : active)
            if (flows[m].at_dst > 0) by_dst[static_cast<size_t>(flows[m].dst)].push_back(m);
        for (size_t host = 0; host < by_dst.size(); ++host) {
            const auto& list = by_dst[host];
            if (list.empty()) continue;
            std::vector<double> want;
            for (uint32_t m : list) want.push_back(flows[m].at_dst);
            const std::vector<double> got = equal_shares(host_rate[host] * span, want);
            for (size_t i = 0; i < list.size(); ++i) {
                flows[list[i]].at_dst -= got[i];
                flows[list[i]].delivered += got[i];
            }
        }
        for (uint32_t m : active) {  // NVLink bytes arrive in stage 1
            Flow& f = flows[m];
            f.rate = (f.delivered - f.delivered_before) / span;
            f.delivered_before = f.delivered;
        }
        t += h;
        for (uint32_t m : active) {
            Flow& f = flows[m];
            if (f.done || !all_moved(f.bytes - f.delivered, f)) continue;
            f.done = true;
            f.delivered = f.bytes;
            arrivals.push({t + (f.last_electrical ? f.electrical_trip_ps : f.trip_ps), m});
        }

        // demand: the window's traffic (moved and still waiting) orders the next circuits;
        // while ordered circuits are still to come, a window orders nothing.
        if (t >= next_window && pending.at != INT64_MAX) {
            std::fill(demand.begin(), demand.end(), 0.0);
            next_window = (t / window_ps + 1) * window_ps;
        }
        if (t >= next_window) {
            for (uint32_t m : active) {  // waiting at the edges: at the NICs, queued, relayed
                const Flow& f = flows[m];
                if (f.a != f.b) demand[pair(f.a, f.b)] += f.at_nic + f.at_src;
                for (const auto& [holder, bytes] : f.relays) demand[pair(holder, f.b)] += bytes;
            }
            std::vector<std::pair<double, std::pair<int, int>>> pairs;
            for (int a = 0; a < L; ++a)
                for (int b = a + 1; b < L; ++b) {
                    const double w = demand[static_cast<size_t>(a) * static_cast<size_t>(L) + static_cast<size_t>(b)] +
                                     demand[static_cast<size_t>(b) * static_cast<size_t>(L) + static_cast<size_t>(a)];
                    if (w > 0) pairs.push_back({w, {a, b}});
                }
            const double per_circuit = 2 * circuit_rate * static_cast<double>(window_ps);  // both ways, one window
            pending.partner.assign(static_cast<size_t>(uplinks), std::vector<int>(static_cast<size_t>(L), -1));
            for (int q = 0; q < uplinks; ++q) {
                std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
                auto& partner = pending.partner[static_cast<size_t>(q)];
                for (auto& [w, ab] : pairs) {
                    if (w <= 0 || partner[static_cast<size_t>(ab.first)] >= 0 || partner[static_cast<size_t>(ab.second)] >= 0) continue;
                    partner[static_cast<size_t>(ab.first)] = ab.second;
                    partner[static_cast<size_t>(ab.second)] = ab.first;
                    w -= per_circuit;
                }
                for (int a = 0; a < L; ++a) {  // leaves with nothing to carry keep their circuit if its far end does too
                    const int old = circuits.partner(q, a);
                    if (partner[static_cast<size_t>(a)] < 0 && old >= 0 && partner[static_cast<size_t>(old)] < 0) {
                        partner[static_cast<size_t>(a)] = old;
                        partner[static_cast<size_t>(old)] = a;
                    }
                }
            }
            pending.at = t + controller_ps;
            std::fill(demand.begin(), demand.end(), 0.0);
            next_window = (t / window_ps + 1) * window_ps;  // the next boundary after t, idle windows skipped
        }
    }

    const TimePs completed_at = workload->completed_at();
    const TimePs run_end = completed_at >= 0 ? completed_at : std::min(t, end);
    const double seconds = static_cast<double>(run_end) * 1e-12;
    nlohmann::json report = nlohmann::json::object();
    report["scenario"] = options.scenario_name;
    report["description"] = plan.params.text("description");
    report["parameters"] = parameters_json(plan.params);
    report["complete"] = true;
    const double frame_factor = static_cast<double>(plan.host.mtu_bytes + plan.host.header_bytes) / plan.host.mtu_bytes;
    std::vector<std::vector<double>> port_bytes(topo.switches.size());
    for (size_t s = 0; s < topo.switches.size(); ++s) port_bytes[s].assign(static_cast<size_t>(topo.switches[s].ports), 0.0);
    for (int a = 0; a < L; ++a)
        for (int q = 0; q < uplinks; ++q)
            port_bytes[static_cast<size_t>(a)][static_cast<size_t>(first_circuit_port + q)] =
                uplink_bytes[static_cast<size_t>(a) * static_cast<size_t>(uplinks) + static_cast<size_t>(q)] * frame_factor;
    for (int a = 0; a < L; ++a)
        for (int e = 0; e < electrical; ++e)
            port_bytes[static_cast<size_t>(a)][static_cast<size_t>(hpl + e)] =
                electrical_port_bytes[static_cast<size_t>(a) * static_cast<size_t>(electrical) + static_cast<size_t>(e)] * frame_factor;
    write_fabric_report(report, plan, nlohmann::json::array(), port_bytes, seconds);
    write_collective_report(report, plan, *workload, posted, delivered);

    // The circuits' optical budget: the leaves' engines over both spans and the OCS.
    const ParameterSet leaf_params = plan.params.for_instance(topo.switches[0].name);
    PortShape shape = PortShape::from(leaf_params);
    shape.link_length_m = 2 * plan.fabric.spine_link_m;
    const OcsPathBudget budget = ocs_path_budget(PhyConfig::from(leaf_params, shape), ocs, shape.link_length_m);
    const double circuits_total = static_cast<double>(L) * uplinks;  // directed
    const double dark_ps = circuits.dark_circuit_ps(run_end);
    report["ocs"] = {
        {"technology", ocs.technology == OcsTechnology::fast ? "fast" : "mems"},
        {"schedule", ocs_schedule_name(ocs.schedule)},
        {"routing", ocs_routing_name(ocs.routing)},
        {"units", units},
        {"ports_per_unit", ocs.ports},
        {"ports_used_per_unit", ports_used},
        {"power_w", units * ocs.ports * ocs.power_w_per_port},
        {"reconfig_us", ocs.reconfig_us},
        {"circuit_us", ocs.circuit_us},
        {"reconfigurations", circuits.reconfigurations()},
        {"duty_cycle", run_end > 0 ? 1.0 - dark_ps / (circuits_total * static_cast<double>(run_end)) : 1.0},
        {"dark_time_us_per_circuit", dark_ps / circuits_total * 1e-6},
        {"bytes_lost_to_reconfig", dark_ps * circuit_rate},
        {"circuit_bytes", circuit_bytes},
        {"relayed_bytes", relayed_bytes},
        {"electrical_bytes", electrical_bytes},
        {"peak_edge_queue_bytes", peak_edge_bytes},
        {"link", {{"fibre_m", budget.fibre_m},
                  {"margin_without_ocs_db", budget.margin_without_ocs_db},
                  {"insertion_loss_db", budget.insertion_loss_db},
                  {"worst_insertion_loss_db", budget.worst_insertion_loss_db},
                  {"crosstalk_penalty_db", std::isfinite(budget.crosstalk_penalty_db) ? nlohmann::json(budget.crosstalk_penalty_db) : nlohmann::json(nullptr)},
                  {"margin_db", std::isfinite(budget.margin_db) ? nlohmann::json(budget.margin_db) : nlohmann::json(nullptr)},
                  {"worst_margin_db", std::isfinite(budget.worst_margin_db) ? nlohmann::json(budget.worst_margin_db) : nlohmann::json(nullptr)},
                  {"pre_fec_ber", budget.pre_fec_ber},
                  {"worst_pre_fec_ber", budget.worst_pre_fec_ber},
                  {"codeword_failure_probability", budget.codeword_failure_probability},
                  {"worst_codeword_failure_probability", budget.worst_codeword_failure_probability},
                  {"closes", budget.closes()}}}};
    const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    report["sim"] = {{"sim_time_ns", seconds * 1e9},
                     {"planned_time_ns", static_cast<double>(end) * 1e-3},
                     {"seed", sim.seed},
                     {"wall_s", wall_s},
                     {"cpu_s", cpu_s},
                     {"peak_rss_mb", peak_rss_mb()},
                     {"fluid_steps", steps},
                     {"flows", static_cast<int64_t>(msgs.size())}};
    return report;
}

}  // namespace cposim
