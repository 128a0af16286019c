#include "fabric_flow_run.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <map>
#include <queue>

#include "errors.h"
#include "fabric_routing.h"
#include "max_min_rates.h"
#include "units.h"

namespace cposim {

namespace {

// Directed links: host h's NIC to its switch is link h; switch s's port p sends on link
// hosts + first_port[s] + p.
struct FlowLinks {
    std::vector<uint32_t> first_port;
    std::vector<double> capacity_gbps;  // payload rate
    uint32_t hosts = 0;
    uint32_t port_link(int s, int p) const { return hosts + first_port[static_cast<size_t>(s)] + static_cast<uint32_t>(p); }
};

// The links a message uses and the share of its rate on each: ECMP follows the packet
// level's hash (the same FabricRouting); spraying, flowlets and adaptive routing spread it
// evenly over the equal-cost next hops (what they achieve at best).
void add_uses(const FabricPlan& plan, const FlowLinks& links, std::vector<std::unique_ptr<FabricRouting>>& routing, int s,
              int src, int dst, double share, std::vector<FlowUse>& uses) {
    int n = 0;
    const uint16_t* hops = plan.topo.next_hops(s, dst, n);
    auto go = [&](int port, double part) {
        const uint32_t link = links.port_link(s, port);
        auto it = std::find_if(uses.begin(), uses.end(), [&](const FlowUse& u) { return u.link == link; });
        if (it == uses.end()) uses.push_back({link, part});
        else it->share += part;
        const PortEnd& next = plan.topo.peer[static_cast<size_t>(s)][static_cast<size_t>(port)];
        if (!next.host) add_uses(plan, links, routing, next.index, src, dst, part, uses);
    };
    if (n == 1 || plan.fabric.load_balancing == LoadBalancing::ecmp) {
        Packet p;
        p.src_host = static_cast<uint32_t>(src);
        p.dst_host = static_cast<uint32_t>(dst);
        go(n == 1 ? hops[0] : routing[static_cast<size_t>(s)]->decide(p).egress_port, share);
        return;
    }
    for (int i = 0; i < n; ++i) go(hops[i], share / n);
}

struct Active {
    uint32_t message;
    double left_bits;
    std::vector<FlowUse> uses;
    double rate_gbps = 0;  // = bits per ns
};

}  // namespace

nlohmann::json run_fabric_flows(const FabricPlan& plan, const SimulationConfig& sim, const RunOptions& options) {
    plan.params.check_instances_matched();  // a value for a PHY or engine reaches nothing at flow level
    const auto wall_start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const Topology& topo = plan.topo;
    const std::unique_ptr<Workload> workload = plan.make_workload(sim.seed);
    const auto& msgs = workload->messages();
    FlowLinks links;
    links.hosts = static_cast<uint32_t>(topo.hosts);
    for (int h = 0; h < topo.hosts; ++h) links.capacity_gbps.push_back(plan.payload_gbps(plan.host_rate_gbps[static_cast<size_t>(h)]));
    uint32_t ports = 0;
    for (size_t s = 0; s < topo.switches.size(); ++s) {
        links.first_port.push_back(ports);
        ports += static_cast<uint32_t>(topo.switches[s].ports);
        for (int p = 0; p < topo.switches[s].ports; ++p) links.capacity_gbps.push_back(plan.payload_gbps(plan.configs[s].port_speed_gbps));
    }
    const uint32_t nvlink0 = static_cast<uint32_t>(links.capacity_gbps.size());  // GPU h's NVLink: nvlink0 + h
    for (int h = 0; h < topo.hosts; ++h) links.capacity_gbps.push_back(plan.host.nvlink_gbps);
    std::vector<std::unique_ptr<FabricRouting>> routing;
    for (size_t s = 0; s < topo.switches.size(); ++s)
        routing.push_back(std::make_unique<FabricRouting>(topo, static_cast<int>(s), plan.fabric, 0, sim.seed));

    const double end_ps = sim.duration_us * 1e6;
    std::vector<TimePs> posted(msgs.size(), -1), delivered(msgs.size(), -1);
    std::vector<double> link_bits(links.capacity_gbps.size(), 0.0);
    std::vector<Active> active;
    using Event = std::pair<double, uint32_t>;  // time (ps), message
    // Messages delivered after their trip, and messages posted after their GPU's compute.
    std::priority_queue<Event, std::vector<Event>, std::greater<Event>> deliveries, posts;
    // A queue pair per (sender, receiver) sends its messages one after the other.
    std::map<std::pair<int, int>, std::deque<uint32_t>> queue_pair;
    auto begin = [&](uint32_t m) {  // the message's flow begins to drain
        Active a{m, static_cast<double>(msgs[m].bytes) * 8.0, {}, 0.0};
        if (plan.host.same_server(msgs[m].src, msgs[m].dst)) {  // the GPU's NVLink
            a.uses.push_back({nvlink0 + static_cast<uint32_t>(msgs[m].src), 1.0});
        } else {
            a.uses.push_back({static_cast<uint32_t>(msgs[m].src), 1.0});  // the NIC's own link
            add_uses(plan, links, routing, topo.host_port[static_cast<size_t>(msgs[m].src)].index, msgs[m].src,
                     msgs[m].dst, 1.0, a.uses);
        }
        active.push_back(std::move(a));
    };
    auto start = [&](uint32_t m, double t) {  // posted: drains now, or behind its queue pair's
        posted[m] = static_cast<TimePs>(std::llround(t));
        auto& qp = queue_pair[{msgs[m].src, msgs[m].dst}];
        qp.push_back(m);
        if (qp.size() == 1) begin(m);
    };
    for (const MessagePost& p : workload->start()) posts.push({static_cast<double>(p.after), p.message});

    double t = 0;
    TimePs completed_at = workload->complete() ? workload->completed_at() : -1;  // a trace of compute alone
    int64_t rate_solutions = 0;
    bool changed = true;
    while (!active.empty() || !deliveries.empty() || !posts.empty()) {
        while (!posts.empty() && posts.top().first <= t) {
            start(posts.top().second, posts.top().first);
            posts.pop();
            changed = true;
        }
        if (changed) {  // max-min fair rates of the flows now active
            std::vector<const std::vector<FlowUse>*> uses;
            for (const Active& a : active) uses.push_back(&a.uses);
            const std::vector<double> rates = max_min_rates(links.capacity_gbps, uses);
            for (size_t i = 0; i < active.size(); ++i) active[i].rate_gbps = rates[i];
            ++rate_solutions;
            changed = false;
        }
        double next = deliveries.empty() ? INFINITY : deliveries.top().first;
        if (!posts.empty()) next = std::min(next, posts.top().first);
        for (const Active& a : active)
            if (a.rate_gbps > 0) next = std::min(next, t + a.left_bits / a.rate_gbps * 1e3);
        if (!(next <= end_ps)) break;  // the rest happens after the run
        for (Active& a : active) {  // drain up to next
            const double bits = a.rate_gbps * (next - t) * 1e-3;
            a.left_bits -= bits;
            for (const FlowUse& u : a.uses) link_bits[u.link] += bits * u.share;
        }
        t = next;
        // Drained flows: delivered after their last frame's trip.
        for (size_t i = 0; i < active.size();) {
            Active& a = active[i];
            if (a.left_bits > 1e-6 * static_cast<double>(msgs[a.message].bytes) * 8.0) {
                ++i;
                continue;
            }
            const CollectiveMessage& msg = msgs[a.message];
            // The drain is the serialisation on its first link; the ideal time less that is the trip.
            const double serialisation = static_cast<double>(msg.bytes) * 8.0 / links.capacity_gbps[a.uses.front().link] * 1e3;
            deliveries.push({t + plan.ideal_message_ps(msg.src, msg.dst, msg.bytes) - serialisation, a.message});
            active[i] = std::move(active.back());
            active.pop_back();
            changed = true;
            auto& qp = queue_pair[{msg.src, msg.dst}];
            qp.pop_front();
            if (!qp.empty()) begin(qp.front());  // the queue pair's next message drains from now
        }
        while (!deliveries.empty() && deliveries.top().first <= t) {
            const auto [when, m] = deliveries.top();
            deliveries.pop();
            delivered[m] = static_cast<TimePs>(std::llround(when));
            for (const MessagePost& p : workload->delivered(m, delivered[m]))  // after the GPU's compute
                posts.push({when + static_cast<double>(p.after), p.message});
            if (workload->complete()) completed_at = workload->completed_at();
        }
        if (completed_at >= 0) break;
    }
    const double seconds = (completed_at >= 0 ? static_cast<double>(completed_at) : std::min(t, end_ps)) * 1e-12;

    nlohmann::json report = nlohmann::json::object();
    report["scenario"] = options.scenario_name;
    report["description"] = plan.params.text("description");
    report["parameters"] = parameters_json(plan.params);
    report["complete"] = true;
    std::vector<std::vector<double>> port_bytes(topo.switches.size());
    for (size_t s = 0; s < topo.switches.size(); ++s)
        for (int p = 0; p < topo.switches[s].ports; ++p) {
            // Payload bits on the link, counted as the frames' bytes they travel in.
            const double payload_bytes = link_bits[links.port_link(static_cast<int>(s), p)] / 8.0;
            port_bytes[s].push_back(payload_bytes * (plan.host.mtu_bytes + plan.host.header_bytes) / plan.host.mtu_bytes);
        }
    write_fabric_report(report, plan, nlohmann::json::array(), port_bytes, seconds);
    write_collective_report(report, plan, *workload, posted, delivered);
    const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    report["sim"] = {{"sim_time_ns", seconds * 1e9},
                     {"planned_time_ns", end_ps * 1e-3},
                     {"seed", sim.seed},
                     {"wall_s", wall_s},
                     {"cpu_s", cpu_s},
                     {"peak_rss_mb", peak_rss_mb()},
                     {"rate_solutions", rate_solutions},
                     {"flows", static_cast<int64_t>(msgs.size())}};
    return report;
}

}  // namespace cposim
