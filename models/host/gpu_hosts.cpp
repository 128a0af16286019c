#include "gpu_hosts.h"

#include <algorithm>
#include <cmath>

#include "errors.h"
#include "model_clock.h"
#include "run_control.h"
#include "units.h"

namespace cposim {

void HostConfig::declare_parameters(ParameterRegistry& r) {
    r.add_integer("host.mtu_bytes", 4096, 64, 9000,
                  "fabric runs: payload bytes per frame of the GPUs' RDMA transport (the RoCE path MTU; "
                  "4096 is the largest RoCE allows)");
    r.add_integer("host.header_bytes", 62, 0, 512,
                  "fabric runs: bytes each frame adds to its payload: RoCEv2 over IPv4 is Ethernet 14 + IPv4 20 + "
                  "UDP 8 + BTH 12 + ICRC 4 + FCS 4 = 62 (docs/fabric.md)");
    // Assumed: RoCE's local ACK timeout is 4.096 us x 2^n; NCCL's default n = 18 (~1.07 s)
    // would stall a simulated tail loss for a second: 1 ms is far above a pod's round trips.
    r.add_real("host.retransmit_timeout", Dimension::time, "us", 1000, 0.1, 1e7,
               "fabric runs: a sender with no ACK this long after a message's last frame resends that frame "
               "(go-back-N loss recovery; assumed, docs/fabric.md)");
    r.add_choice("host.delivery", "in_order", {"in_order", "out_of_order"},
                 "fabric runs: in_order: a receiver takes a message's frames in order only, go-back-N as RoCE NICs do "
                 "(packet spraying reorders frames and costs resends); out_of_order: each frame placed by its "
                 "sequence number, as NICs built for spraying do; a gap is asked for after a timeout probe");
    r.add_integer("host.gpus_per_server", 1, 1, 1024,
                  "fabric runs: consecutive hosts that are the GPUs of one server and exchange messages over NVLink, "
                  "not the network (1: none; the rail topology's servers are fabric.leaves GPUs)");
    // NVIDIA H100 SXM: NVLink 900 GB/s, both ways together (docs/references.md "NVLink").
    r.add_real("host.nvlink_gbps", Dimension::data_rate, "Gb/s", 3600, 1, 1e6,
               "a GPU's NVLink bandwidth each way (H100: 900 GB/s both ways = 3.6 Tb/s each way)");
    r.add_real("host.nvlink_latency", Dimension::time, "us", 1, 0, 1e6,
               "from a NVLink message's last byte sent to its delivery (assumed 1 us)");
    r.add_integer("host.traffic_class", 0, 0, 7,
                  "fabric runs: the traffic class of the collective's frames; one GPU's: 'hosts.gpu<h>:host.traffic_class=N'");
}

HostConfig HostConfig::from(const ParameterSet& p) {
    HostConfig c;
    c.mtu_bytes = static_cast<int>(p.integer("host.mtu_bytes"));
    c.header_bytes = static_cast<int>(p.integer("host.header_bytes"));
    c.traffic_class = static_cast<int>(p.integer("host.traffic_class"));
    c.retransmit_timeout_ps = static_cast<TimePs>(std::llround(p.real("host.retransmit_timeout") * 1e6));
    c.dcqcn = DcqcnConfig::from(p);
    c.out_of_order = p.text("host.delivery") == "out_of_order";
    c.gpus_per_server = static_cast<int>(p.integer("host.gpus_per_server"));
    c.nvlink_gbps = p.real("host.nvlink_gbps");
    c.nvlink_latency_ps = static_cast<TimePs>(std::llround(p.real("host.nvlink_latency") * 1e6));
    if (c.mtu_bytes + c.header_bytes > 16384)
        throw ConfigError(p.value("host.mtu_bytes").origin + ": host.mtu_bytes: " +
                          std::to_string(c.mtu_bytes) + " B of payload and " + std::to_string(c.header_bytes) +
                          " B of headers exceed the largest frame a switch takes (16384 B)");
    return c;
}

GpuHosts::GpuHosts(sc_core::sc_module_name name, std::vector<double> rate_gbps, const HostConfig& config,
                   Workload& workload, PacketPool& pool, TimePs quantum, TimePs window, TimePs end)
    : sc_module(name),
      config_(config),
      workload_(workload),
      msgs_(workload.messages()),
      pool_(pool),
      quantum_(quantum),
      window_(window),
      end_(end),
      nics_(rate_gbps.size()),
      payloads_(rate_gbps.size()),
      times_(workload.messages().size()),
      waiting_next_(workload.messages().size(), kNoMessage) {
    for (size_t h = 0; h < rate_gbps.size(); ++h) {
        nics_[h].rate_gbps = rate_gbps[h];
        const std::string n = std::to_string(h);
        out.emplace_back(new OutSocket(("out_" + n).c_str()));
        in.emplace_back(new InSocket(("in_" + n).c_str()));
        in.back()->register_b_transport(this, &GpuHosts::b_transport, static_cast<int>(h));
        in.back()->register_transport_dbg(this, &GpuHosts::arrival_path, static_cast<int>(h));
        pause_in.emplace_back(new InSocket(("pause_in_" + n).c_str()));
        pause_in.back()->register_b_transport(this, &GpuHosts::pause_transport, static_cast<int>(h));
        pause_out.emplace_back(new OutSocket(("pause_out_" + n).c_str()));
    }
    if (workload.ranks() > static_cast<int>(nics_.size()))
        throw std::logic_error("GpuHosts: more ranks than hosts");
    if (config_.dcqcn.enabled) {
        paced_.resize(times_.size());
        for (size_t m = 0; m < times_.size(); ++m)
            paced_[m].rate = DcqcnRate(config_.dcqcn, rate_gbps[static_cast<size_t>(workload.messages()[m].src)]);
    }
    if (config_.out_of_order) frames_in_.resize(times_.size());
    nvlink_free_.assign(rate_gbps.size(), 0);
    link_free_.assign(rate_gbps.size(), 0);
    decide_at_.assign(rate_gbps.size(), 0);
    next_arrival_.assign(rate_gbps.size(), INT64_MAX);
    first_arrival_.assign(rate_gbps.size(), nullptr);
    train_first_.assign(rate_gbps.size(), nullptr);
    train_last_.assign(rate_gbps.size(), nullptr);
    sends_next_.assign(rate_gbps.size(), UINT32_MAX);
    for (const MessagePost& p : workload_.start()) post(p.message, p.after);
    if (workload_.complete()) stop_when_acknowledged(workload_.completed_at());  // nothing to send
    if (window_ <= 0 || window_ % quantum_ != 0)
        throw ModelInconsistency(std::string(this->name()) + ": a window of " + std::to_string(window_) +
                                 " ps, not a multiple of the quantum of " + std::to_string(quantum_) + " ps");
}

GpuHosts::~GpuHosts() {
    for (Nic& nic : nics_)
        for (; !nic.arrived.empty(); nic.arrived.pop_front()) pool_.release(nic.arrived.front().packet);  // arrive after the run: in flight
}

void GpuHosts::post(uint32_t message, TimePs at) {
    const CollectiveMessage& msg = msgs_[message];
    if (config_.same_server(msg.src, msg.dst)) {  // over NVLink: sent at the window it falls in
        times_[message].posted = at;
        nvlink_posted_.push({at, message});
        nvlink_bytes_ += msg.bytes;
        return;
    }
    Nic& nic = nics_[static_cast<size_t>(msg.src)];
    if (at < committed_)
        throw ModelInconsistency(std::string(name()) + ": message " + std::to_string(message) + " posted at " +
                                 std::to_string(at) + " ps, after its NIC committed frames up to " +
                                 std::to_string(committed_) + " ps (quantum longer than a link's delay)");
    times_[message].posted = at;
    // In time order (a trace's compute can post a message earlier than one posted before it),
    // equal times by message (deliveries on several hosts may post them in any order).
    auto later = std::upper_bound(nic.posted.begin() + static_cast<std::ptrdiff_t>(nic.next_posted), nic.posted.end(),
                                  message, [&](uint32_t mine, uint32_t other) {
                                      return at < times_[other].posted || (at == times_[other].posted && mine < other);
                                  });
    nic.posted.insert(later, message);
    wake(msg.src, at);
}

TimePs GpuHosts::run_window(TimePs now) {
    // The window in steps of the quantum, as windows of the quantum would run, so that the
    // run ends where it would (on the quantum's grid, found inside a window when the last
    // ACK comes), whatever the window; each NIC's frames go to its link once, at the end.
    const TimePs window_end = now + window_;
    TimePs from = now;
    bool over = false;
    do {
        const TimePs limit = std::min(from + quantum_, run_control::effective_end(end_));
        run_step(limit);
        if (limit >= run_control::effective_end(end_)) {
            for (Nic& nic : nics_) count_pause_passed(nic);
            over = true;
        }
        from = limit;
    } while (!over && from < window_end);
    for (size_t h : with_train_) out_paths_.fetch(h);  // warm_path.h
    for (size_t h : with_train_) {
        send_train(out_paths_.target(h), payloads_[h], train_first_[h], train_last_[h], now);
        train_first_[h] = train_last_[h] = nullptr;
    }
    with_train_.clear();
    return over ? INT64_MAX : from;
}

void GpuHosts::run_step(TimePs limit) {
    ++activations_;
    take_arrivals(limit);
    deliver(limit);
    // A NIC with nothing to decide in the step is passed. The others' state and the
    // record of the message each sends next are fetched for all before any decides,
    // so that their cache misses overlap (a NIC sends a message's frame in turn with
    // its other messages': each was last touched a frame time or more ago).
    deciding_.clear();
    for (size_t h = 0; h < nics_.size(); ++h)
        if (decide_at_[h] < limit) {
            deciding_.push_back(h);
            __builtin_prefetch(&nics_[h]);
            if (const uint32_t m = sends_next_[h]; m < times_.size()) {
                __builtin_prefetch(&times_[m]);
                __builtin_prefetch(&msgs_[m]);
            }
        }
    for (size_t h : deciding_) transmit(static_cast<int>(h), nics_[h], limit);
    committed_ = limit;
}

Packet* GpuHosts::new_frame(int src, int dst, uint32_t message, uint32_t seq, int64_t payload, const Nic& nic,
                           TimePs t) {
    Packet* p = pool_.acquire();
    p->id = next_id_++;
    p->kind = PacketKind::data;
    p->bytes = static_cast<uint32_t>(std::max<int64_t>(64, payload + config_.header_bytes));
    p->wire_ps = wire_time_ps_rounded(p->bytes, nic.rate_gbps);
    p->traffic_class = static_cast<uint8_t>(config_.class_of(src));
    p->src_host = static_cast<uint32_t>(src);
    p->dst_host = static_cast<uint32_t>(dst);
    p->message = message;
    p->seq = seq;
    p->payload_bytes = static_cast<uint32_t>(payload);
    p->t_created = t;
    p->t_sent = t;
    p->next = nullptr;
    ++frames_sent_;
    return p;
}

void GpuHosts::update_next_probe(Nic& nic) const {
    // The least last_sent of the unacked messages: the first current entry of probe_order
    // (a NIC's times only grow, so the entries are in time order). Walking the unacked list
    // instead, at each message's end, was quadratic in an all-to-all's messages per NIC.
    auto& order = nic.probe_order;
    while (!order.empty() && !(times_[order.front().second].awaiting_ack &&
                               times_[order.front().second].last_sent == order.front().first))
        order.pop_front();
    nic.next_probe = order.empty() ? INT64_MAX : order.front().first + config_.retransmit_timeout_ps;
}

void GpuHosts::transmit(int host, Nic& nic, TimePs limit) {
    // The frames join the NIC's train of the window (sent when the window ends).
    Packet*& first = train_first_[static_cast<size_t>(host)];
    Packet*& last = train_last_[static_cast<size_t>(host)];
    const bool had_train = first != nullptr;
    auto send = [&](Packet* p, TimePs& t) {
        if (last) last->next = p; else first = p;
        last = p;
        ++nic.frames;
        nic.bytes += p->bytes;
        t += p->wire_ps;
        link_free_[static_cast<size_t>(host)] = t;
    };
    const int cls = config_.class_of(host);
    count_pause_passed(nic);
    TimePs t = std::max(link_free_[static_cast<size_t>(host)], committed_);
    bool paused = false;
    while (true) {
        // A decision at or after the window's end waits for the next window: only then is
        // everything that arrives or is posted by its time known, whatever the windows.
        if (t >= limit) {  // sending until t, or paused until t at the latest
            decide_at_[static_cast<size_t>(host)] = t;
            if (paused) {
                nic.paused_until_passed = limit;
                // What came back for its messages acts at the first window at or after its
                // arrival, paused or not (an ACK may end the run).
                if (!nic.feedback.empty()) wake(host, nic.feedback.front().ready);
            }
            break;
        }
        paused = false;  // (it was paused until t, before the window's end)
        while (nic.next_posted < nic.posted.size() && times_[nic.posted[nic.next_posted]].posted <= t) {
            // Its time has come: it opens, or waits behind its queue pair's earlier messages.
            const uint32_t m = nic.posted[nic.next_posted++];
            const int dst = msgs_[m].dst;
            Nic::QueuePair& qp = nic.queue_pairs[dst];
            if (qp.open_or_waiting++ == 0) {
                nic.open.push_back(m);
            } else {  // to the back of its queue pair's waiting messages
                waiting_next_[m] = kNoMessage;
                if (qp.last_waiting == kNoMessage) qp.first_waiting = m;
                else waiting_next_[qp.last_waiting] = m;
                qp.last_waiting = m;
            }
        }
        // What came back by now (ACKs, NAKs, CNPs) acts before the NIC decides at t: its
        // switch may hand the frames over up to its window ahead, so they wait for their time.
        while (!nic.feedback.empty() && nic.feedback.front().ready <= t) {
            const Nic::Control c = nic.feedback.front();
            nic.feedback.pop_front();
            acknowledgement(c);
        }
        const bool control_ready = !nic.control.empty() && nic.control.front().ready <= t;
        const bool probe_due = nic.next_probe <= t;
        // The open message whose turn it is and whose rate lets it send now.
        int pick = -1;
        TimePs paced_until = INT64_MAX;
        if (!nic.open.empty()) {
            if (nic.turn >= nic.open.size()) nic.turn = 0;
            if (!config_.dcqcn.enabled) {
                pick = static_cast<int>(nic.turn);
            } else {
                for (size_t k = 0; k < nic.open.size() && pick < 0; ++k) {
                    const size_t i = (nic.turn + k) % nic.open.size();
                    const TimePs allowed = paced_[nic.open[i]].next_allowed;
                    if (allowed <= t) pick = static_cast<int>(i);
                    else paced_until = std::min(paced_until, allowed);
                }
            }
        }
        if (pick < 0 && !control_ready && !probe_due) {  // idle until the next thing to send
            TimePs next = std::min(nic.next_probe, paced_until);
            if (nic.next_posted < nic.posted.size()) next = std::min(next, times_[nic.posted[nic.next_posted]].posted);
            if (!nic.control.empty()) next = std::min(next, nic.control.front().ready);
            if (!nic.feedback.empty()) next = std::min(next, nic.feedback.front().ready);
            if (next >= limit) {  // (next: INT64_MAX when nothing is pending)
                decide_at_[static_cast<size_t>(host)] = next;
                break;
            }
            t = std::max(t, next);
            continue;
        }
        apply_pauses(nic, t);
        const TimePs paused_until = nic.paused_until[cls];
        if (t < paused_until) {  // paused: the frame waits for the pause's end or the next PFC frame (a resume)
            const TimePs wake = nic.pauses.empty() ? paused_until : std::min(paused_until, nic.pauses.front().t);
            nic.paused_ps += std::min(wake, limit) - t;
            t = wake;
            paused = true;
            continue;
        }
        if (control_ready) {  // acknowledgements go ahead of data
            const Nic::Control c = nic.control.front();
            nic.control.pop_front();
            const CollectiveMessage& msg = msgs_[c.message];
            send(new_frame(host, msg.src, c.message, c.seq, 0, nic, t), t);
            continue;
        }
        if (probe_due) {  // no ACK for a while: resend a message's last frame
            for (uint32_t m : nic.unacked) {
                MessageTimes& mt = times_[m];
                if (mt.last_sent + config_.retransmit_timeout_ps > t) continue;
                const CollectiveMessage& msg = msgs_[m];
                const int64_t frames = (msg.bytes + config_.mtu_bytes - 1) / config_.mtu_bytes;
                const int64_t payload = msg.bytes - (frames - 1) * config_.mtu_bytes;
                mt.last_sent = t;
                nic.probe_order.emplace_back(t, m);
                ++transport_.probes;
                send(new_frame(msg.src, msg.dst, m, static_cast<uint32_t>(frames - 1), payload, nic, t), t);
                break;
            }
            update_next_probe(nic);
            continue;
        }
        nic.turn = static_cast<size_t>(pick);
        const uint32_t m = nic.open[nic.turn];
        const CollectiveMessage& msg = msgs_[m];
        MessageTimes& mt = times_[m];
        const int64_t payload = std::min<int64_t>(config_.mtu_bytes, msg.bytes - mt.sent);
        if (config_.dcqcn.enabled) {  // the next frame of this queue pair starts at its rate
            PacedMessage& pm = paced_[m];
            pm.rate.advance_to(t);
            const double wire_bytes = static_cast<double>(std::max<int64_t>(64, payload + config_.header_bytes) + 20);
            pm.next_allowed = t + static_cast<TimePs>(wire_bytes * 8 / pm.rate.rate_gbps() * 1e3 + 0.5);
            pm.rate.on_sent(t, wire_bytes);
        }
        const uint32_t seq = mt.next_seq;  // mt.sent / mtu, kept rather than divided per frame
        if (seq < mt.frames_sent_high) ++transport_.retransmitted_frames;
        else mt.frames_sent_high = seq + 1;
        ++transport_.data_frames;
        send(new_frame(msg.src, msg.dst, m, seq, payload, nic, t), t);
        mt.sent += payload;
        ++mt.next_seq;
        mt.last_sent = t;
        if (mt.sent == msg.bytes) {  // wholly sent: wait for its ACK; the queue pair's next goes on
            nic.open.erase(nic.open.begin() + static_cast<std::ptrdiff_t>(nic.turn));
            Nic::QueuePair& qp = nic.queue_pairs[msg.dst];
            --qp.open_or_waiting;
            if (const uint32_t next = qp.first_waiting; next != kNoMessage) {  // the first waiting opens
                nic.open.push_back(next);
                qp.first_waiting = waiting_next_[next];
                if (qp.first_waiting == kNoMessage) qp.last_waiting = kNoMessage;
            }
            if (!mt.acked) {
                if (!mt.awaiting_ack) nic.unacked.push_back(m);
                mt.awaiting_ack = true;
                nic.probe_order.emplace_back(t, m);  // its timeout runs from this, its last frame
            }
            update_next_probe(nic);
        } else {
            ++nic.turn;
        }
    }
    sends_next_[static_cast<size_t>(host)] =
        nic.open.empty() ? UINT32_MAX : nic.open[nic.turn < nic.open.size() ? nic.turn : 0];
    if (first && !had_train) with_train_.push_back(static_cast<size_t>(host));
}

void GpuHosts::arrived_out_of_order(int host, TimePs last_bit) const {
    throw ModelInconsistency(std::string(name()) + ": frame for host " + std::to_string(host) + " arriving at " +
                             std::to_string(last_bit) + " ps handed over out of time order");
}

void GpuHosts::delivered_elsewhere(const Packet& p, int host) const {
    throw ModelInconsistency(std::string(name()) + ": frame for host " + std::to_string(p.dst_host) +
                             " delivered to host " + std::to_string(host));
}

void GpuHosts::b_transport(int host, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* p = train_of(gp, *this);
    const TimePs shift = train_shift(*p, delay);
    Nic& nic = nics_[static_cast<size_t>(host)];
    while (p) {
        Packet* next = p->next;
        p->next = nullptr;
        const TimePs last_bit = p->t_sent + shift + p->wire_ps;
        if (last_bit < (nic.arrived.empty() ? committed_ : nic.arrived.back().last_bit)) arrived_out_of_order(host, last_bit);
        if (nic.arrived.empty()) {
            next_arrival_[static_cast<size_t>(host)] = last_bit;
            first_arrival_[static_cast<size_t>(host)] = p;
        }
        nic.arrived.push_back({last_bit, p});
        p = next;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned GpuHosts::arrival_path(int host, tlm::tlm_generic_payload& gp) {
    if (WarmPath* w = gp.get_extension<WarmPath>()) {  // what b_transport reads of the host
        const size_t h = static_cast<size_t>(host);
        w->add(&nics_[h].arrived, sizeof nics_[h].arrived);
        w->add(&next_arrival_[h], sizeof next_arrival_[h]);
        w->add(&first_arrival_[h], sizeof first_arrival_[h]);
    }
    return 0;
}

void GpuHosts::take_arrivals(TimePs limit) {
    // The NICs with a frame arriving, each first frame and its message's records (its times
    // and its size) fetched for all of them before any is taken, so that their cache misses
    // overlap (a frame and its message were last touched a window or more ago).
    arriving_.clear();
    for (size_t h = 0; h < nics_.size(); ++h)
        if (next_arrival_[h] < limit) {
            arriving_.push_back(h);
            __builtin_prefetch(first_arrival_[h]);
        }
    for (size_t h : arriving_)
        if (const uint32_t m = first_arrival_[h]->message; m < times_.size()) {
            __builtin_prefetch(&times_[m]);
            __builtin_prefetch(&msgs_[m]);
        }
    for (size_t h : arriving_) {
        RingQueue<Nic::Arrival>& arrived = nics_[h].arrived;
        while (!arrived.empty() && arrived.front().last_bit < limit) {
            const Nic::Arrival a = arrived.front();
            arrived.pop_front();
            receive(static_cast<int>(h), a.packet, a.last_bit);
        }
        next_arrival_[h] = arrived.empty() ? INT64_MAX : arrived.front().last_bit;
        first_arrival_[h] = arrived.empty() ? nullptr : arrived.front().packet;
    }
}

void GpuHosts::pause_transport(int host, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* f = packet_of(gp);
    if (!f || f->kind != PacketKind::pfc_pause || f->next)
        throw ModelInconsistency(std::string(name()) + ": not a single PFC frame on the pause path");
    Nic& nic = nics_[static_cast<size_t>(host)];
    const TimePs received = model_clock::now_ps() + sc_to_ps(delay) + f->wire_ps;
    if (received < committed_)
        throw ModelInconsistency(std::string(name()) + ": PFC frame for host " + std::to_string(host) + " arrived at " +
                                 std::to_string(received) + " ps, after frames up to " + std::to_string(committed_) +
                                 " ps were committed (quantum longer than the pause trip)");
    if (!nic.pauses.empty() && received < nic.pauses.back().t)
        throw ModelInconsistency(std::string(name()) + ": PFC frames out of order");
    const TimePs pause_ps = pfc_pause_ps(f->pfc_quanta, nic.rate_gbps);
    nic.pauses.push_back({received, f->pfc_class_mask, pause_ps});
    wake(host, received);
    ++nic.pause_frames;
    pool_.release(f);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void GpuHosts::apply_pauses(Nic& nic, TimePs upto) {
    while (!nic.pauses.empty() && nic.pauses.front().t <= upto) {
        const Nic::PauseChange c = nic.pauses.front();
        nic.pauses.pop_front();
        for (int k = 0; k < 8; ++k)
            if ((c.classes >> k) & 1) nic.paused_until[k] = c.t + c.pause_ps;  // a resume: until now
    }
}

void GpuHosts::acknowledge(int host, uint32_t message, uint32_t seq, TimePs at) {
    Nic& nic = nics_[static_cast<size_t>(host)];
    if (at < committed_)
        throw ModelInconsistency(std::string(name()) + ": acknowledgement at " + std::to_string(at) +
                                 " ps, after its NIC committed frames up to " + std::to_string(committed_) + " ps");
    nic.control.push_back({at, message, seq});
    wake(host, at);
    ++(seq == Packet::ack_all ? transport_.acks_sent : seq == Packet::cnp ? transport_.cnps_sent : transport_.naks_sent);
}

void GpuHosts::acknowledgement(const Nic::Control& c) {
    const uint32_t m = c.message;
    const TimePs at = c.ready;
    const CollectiveMessage& msg = msgs_[m];
    MessageTimes& mt = times_[m];
    Nic& nic = nics_[static_cast<size_t>(msg.src)];
    if (mt.acked) return;
    if (c.seq == Packet::cnp) {  // DCQCN: congestion on the way: cut the rate
        paced_[m].rate.on_cnp(at);
        ++transport_.rate_cuts;
        return;
    }
    auto forget = [&] {  // no longer waits for an ACK
        nic.unacked.erase(std::remove(nic.unacked.begin(), nic.unacked.end(), m), nic.unacked.end());
        mt.awaiting_ack = false;
        update_next_probe(nic);
    };
    if (c.seq == Packet::ack_all) {
        mt.acked = true;
        ++acked_;
        forget();
        stop_when_acknowledged(at);
        return;
    }
    // A NAK: go back to the frame asked for (if the sender is not already before it).
    const int64_t from = static_cast<int64_t>(c.seq) * config_.mtu_bytes;
    if (from >= mt.sent) return;
    const bool wholly_sent = mt.sent == msg.bytes;
    mt.sent = from;
    mt.next_seq = c.seq;
    if (wholly_sent) {
        forget();
        ++nic.queue_pairs[msg.dst].open_or_waiting;
        nic.open.push_back(m);
    }
}

void GpuHosts::receive(int host, Packet* p, TimePs last_bit) {
    if (p->kind != PacketKind::data)
        throw ModelInconsistency(std::string(name()) + ": a PFC frame reached host " + std::to_string(host) +
                                 " on its data path");
    if (p->bad_crc) {  // corrupted on the last wire: the NIC's CRC check drops it
        ++bad_crc_;
        ++bad_crc_by_reason_[p->drop_reason];
        pool_.release(p);
        return;
    }
    if (p->dst_host != static_cast<uint32_t>(host)) delivered_elsewhere(*p, host);
    ++frames_delivered_;
    bytes_delivered_ += p->bytes;
    if (p->payload_bytes == 0) {  // an ACK, NAK or CNP for a message this host sends: taken in time order
        nics_[static_cast<size_t>(host)].feedback.push_back({last_bit, p->message, p->seq});
        wake(host, last_bit);
        pool_.release(p);
        return;
    }
    const uint32_t m = p->message;
    MessageTimes& mt = times_[m];
    std::vector<bool>* const frames_in = config_.out_of_order ? &frames_in_[m] : nullptr;
    if (frames_in && frames_in->empty())
        frames_in->assign(static_cast<size_t>((msgs_[m].bytes + config_.mtu_bytes - 1) / config_.mtu_bytes), false);
    const int64_t bytes = msgs_[m].bytes;
    const uint32_t seq = p->seq;
    const uint32_t payload = p->payload_bytes;
    if (p->ecn_marked && config_.dcqcn.enabled) {
        TimePs& last_cnp = paced_[m].last_cnp;
        if (last_cnp < 0 || last_bit - last_cnp >= config_.dcqcn.cnp_interval_ps) {
            last_cnp = last_bit;
            acknowledge(host, m, Packet::cnp, last_bit);
        }
    }
    pool_.release(p);
    if (frames_in) {  // host.delivery=out_of_order: each frame placed by its PSN; a gap asked for on a probe only
        if (mt.received == bytes || (*frames_in)[seq]) {
            ++transport_.duplicates_discarded;
            if (mt.received == bytes) acknowledge(host, m, Packet::ack_all, last_bit);
            else if (mt.last_nak < 0 || last_bit - mt.last_nak >= config_.retransmit_timeout_ps / 2) {
                // a timeout probe resent a frame it has: ask for the first one missing
                mt.last_nak = last_bit;
                acknowledge(host, m, static_cast<uint32_t>(std::find(frames_in->begin(), frames_in->end(), false) -
                                                           frames_in->begin()), last_bit);
            }
            return;
        }
        (*frames_in)[seq] = true;
        payload_delivered_ += payload;
        mt.received += payload;
        if (mt.received < bytes) return;
        acknowledge(host, m, Packet::ack_all, last_bit);
        deliveries_.push({last_bit, m});
        return;
    }
    // The next frame in order is received / mtu (every frame but a message's last carries
    // mtu bytes); compared by multiplying rather than by a 64-bit division per frame.
    const int64_t mtu = config_.mtu_bytes, from = static_cast<int64_t>(seq) * mtu;
    const bool in_order = from <= mt.received && mt.received < from + mtu;  // seq == received / mtu
    if (!in_order || mt.received == bytes) {
        if (from + mtu <= mt.received || mt.received == bytes) {  // seq < received / mtu: a resent frame it has (the ACK may be lost)
            ++transport_.duplicates_discarded;
            if (mt.received == bytes) acknowledge(host, m, Packet::ack_all, last_bit);
        } else {  // beyond a lost frame: go-back-N asks for that one again
            ++transport_.out_of_order_discarded;
            if (mt.last_nak < 0 || last_bit - mt.last_nak >= config_.retransmit_timeout_ps / 2) {
                mt.last_nak = last_bit;
                acknowledge(host, m, static_cast<uint32_t>(mt.received / mtu), last_bit);  // the next frame in order
            }
        }
        return;
    }
    payload_delivered_ += payload;
    mt.received += payload;
    mt.last_nak = -1;
    if (mt.received < bytes) return;
    acknowledge(host, m, Packet::ack_all, last_bit);
    deliveries_.push({last_bit, m});
}

void GpuHosts::deliver(TimePs limit) {
    // In time order (equal times: message order), so a step released by several deliveries
    // starts at the latest; a delivery may post NVLink messages that arrive before limit too.
    // What it posts on the network starts at or after the delivery, which is at or after the
    // window's start, where the NICs have committed nothing yet. The NVLink messages posted
    // for before a delivery go out before it is taken, so what a delivery posts queues
    // behind only those posted for sooner, whatever the windows.
    while (true) {
        const TimePs next = deliveries_.empty() ? INT64_MAX : deliveries_.top().first;
        send_nvlink(std::min(limit, next));
        if (!deliveries_.empty() && deliveries_.top().first < next) continue;  // a send arrives sooner
        if (next >= limit) break;
        const auto [t, m] = deliveries_.top();
        deliveries_.pop();
        const CollectiveMessage& msg = msgs_[m];
        if (config_.same_server(msg.src, msg.dst)) {
            times_[m].received = msg.bytes;
            times_[m].acked = true;
            ++acked_;  // no ACK on NVLink
        }
        message_delivered(m, t);
    }
}

void GpuHosts::send_nvlink(TimePs limit) {
    // A GPU sends its NVLink messages one after the other in the order they were posted for
    // (a trace may post one for later before one for sooner): those posted before limit, by
    // their posting time (equal times: message order).
    while (!nvlink_posted_.empty() && nvlink_posted_.top().first < limit) {
        const auto [at, m] = nvlink_posted_.top();
        nvlink_posted_.pop();
        const CollectiveMessage& msg = msgs_[m];
        TimePs& free = nvlink_free_[static_cast<size_t>(msg.src)];
        free = std::max(free, at) + static_cast<TimePs>(std::llround(static_cast<double>(msg.bytes) * 8.0 / config_.nvlink_gbps * 1e3));
        deliveries_.push({free + config_.nvlink_latency_ps, m});
    }
}

void GpuHosts::message_delivered(uint32_t m, TimePs t) {
    times_[m].delivered = t;
    for (const MessagePost& p : workload_.delivered(m, t)) post(p.message, t + p.after);
    if (workload_.complete()) stop_when_acknowledged(t);
}

void GpuHosts::stop_when_acknowledged(TimePs t) {
    // Once the collective is complete and its last ACK is back (the fabric is empty), the
    // run ends on the quantum grid after t, when every model has processed the window
    // holding it: what the report counts does not depend on the quantum.
    // The latest of the ACKs and deliveries: each NIC takes its ACKs in time order, but the
    // NICs of a window one after the other.
    latest_ack_ = std::max(latest_ack_, t);
    if (!workload_.complete() || acked_ < static_cast<int64_t>(times_.size())) return;
    t = std::max(latest_ack_, workload_.completed_at());  // a trace may end in compute after its last message
    const TimePs stop = (t / quantum_ + 2) * quantum_;
    if (stop < end_) run_control::mark_stopped(stop);
}

void GpuHosts::write_stats(Report& report) const {
    report.add("packets.injected", frames_sent_);
    report.add("packets.delivered", frames_delivered_);
    report.add("throughput.delivered_bytes", bytes_delivered_);
    for (size_t r = 0; r < drop_reason_count; ++r)
        if (bad_crc_by_reason_[r])
            report.add(std::string("packets.dropped.") + drop_reason_name(static_cast<DropReason>(r)), bad_crc_by_reason_[r]);
    report.set("hosts.count", static_cast<int64_t>(nics_.size()));
    report.set("hosts.frames_sent", frames_sent_);
    report.set("hosts.frames_delivered", frames_delivered_);
    report.set("hosts.payload_bytes_delivered", payload_delivered_);
    report.set("hosts.crc_drops", bad_crc_);
    report.set("hosts.nvlink_bytes", nvlink_bytes_);
    int64_t pause_frames = 0;
    TimePs paused = 0;
    for (const Nic& nic : nics_) {
        pause_frames += nic.pause_frames;
        paused += nic.paused_ps;
    }
    report.set("hosts.pause_frames_received", pause_frames);
    const TransportCounters& t = transport_;
    report.set("transport", {{"data_frames", t.data_frames},
                             {"retransmitted_frames", t.retransmitted_frames},
                             {"timeout_probes", t.probes},
                             {"acks_sent", t.acks_sent},
                             {"naks_sent", t.naks_sent},
                             {"out_of_order_discarded", t.out_of_order_discarded},
                             {"duplicates_discarded", t.duplicates_discarded},
                             {"cnps_sent", t.cnps_sent},
                             {"rate_cuts", t.rate_cuts}});
    report.set("hosts.time_paused_ns", static_cast<double>(paused) * 1e-3);
    report.add("sim.events", activations_);
}

}  // namespace cposim
