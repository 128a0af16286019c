#include "switch_asic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "errors.h"
#include "model_clock.h"
#include "run_control.h"
#include "units.h"

namespace cposim {

namespace {
constexpr uint32_t cut_through_header_bytes = 64;
}  // namespace

SwitchAsic::SwitchAsic(sc_core::sc_module_name name, const SwitchConfig& config,
                       std::vector<ForwardingPipeline*> pipelines, PacketPool& pool, DecouplingWindows& windows,
                       TimePs end, TimePs warmup, uint64_t seed, VcdWriter* waves)
    : sc_module(name), config_(config), pipeline_(*pipelines.front()),
      decides_at_admission_(pipelines.front()->decides_at_admission()), pool_(pool), windows_(windows),
      end_(end), warmup_(warmup), cycle_ps_(1e3 / config.core_clock_ghz), max_copies_(config.ports), buffer_(config),
      rng_(seed, 0xEC7), egress_ports_(static_cast<size_t>(config.ports)),
      in_pipeline_(static_cast<size_t>(config.ports)), pipeline_cells_(in_pipeline_.size()), egress_trains_(static_cast<size_t>(config.ports)),
      payloads_(static_cast<size_t>(config.ports)),
      pause_payloads_(static_cast<size_t>(config.ports)), calendar_(seed),
      pfc_(config_, buffer_, calendar_, *this), port_counters_(static_cast<size_t>(config.ports)),
      core_energy_(config.core_static_w, warmup),
      probes_(waves ? std::make_unique<SwitchProbes>(*waves, config.ports) : nullptr), links_(config.ports) {
    all_ports_mask_ = config.ports >= 64 ? ~uint64_t{0} : (uint64_t{1} << config.ports) - 1;
    // Cells per ps of wire are highest for frames just over a whole number of cells, and
    // the highest of all among the smallest such sizes (20 B of preamble and gap per frame;
    // a replayed capture's frames may be runts): sizes up to four cells find it. Wire times
    // as the frames carry them (rounded to whole ps, which may round down).
    max_cells_per_ps_ = 0;
    for (uint32_t b = 1; b <= 4 * config.cell_bytes; ++b)
        max_cells_per_ps_ = std::max(max_cells_per_ps_,
                                     static_cast<double>((b + config.cell_bytes - 1) / config.cell_bytes) /
                                         static_cast<double>(wire_time_ps_rounded(b, config.port_speed_gbps)));
    // Cut-through admits a frame when its header is in: then the largest frame (65535 B,
    // the most an Ethernet length field or a replayed capture holds) comes early. Stored
    // and forwarded, a frame is admitted no sooner than its wire time after it started.
    early_frame_cells_ = config.cut_through ? (65535 + config.cell_bytes - 1) / config.cell_bytes : 0;
    const size_t n = static_cast<size_t>(config.ports);
    for (size_t i = 0; i < n; ++i) {
        const std::string s = std::to_string(i);
        ingress.emplace_back(new IngressSocket(("ingress_" + s).c_str()));
        ingress.back()->register_b_transport(this, &SwitchAsic::b_transport, static_cast<int>(i));
        ingress.back()->register_transport_dbg(this, &SwitchAsic::ingress_path, static_cast<int>(i));
        egress.emplace_back(new EgressSocket(("egress_" + s).c_str()));
        pause_out.emplace_back(new EgressSocket(("pause_out_" + s).c_str()));
        egress_ports_[i].configure(config.scheduler, config.dwrr_weights, config.pfc.mtu_bytes);
    }
    if (config.receives_pauses) accept_pauses();
    fabric_ = queueing_fabrics().at(config.queueing).make(FabricContext{config_, calendar_, *this, seed});
    if (pipeline_.clocked()) {
        if (static_cast<int>(pipelines.size()) != config.pipelines)
            throw ModelInconsistency(std::string(this->name()) + ": " + std::to_string(pipelines.size()) +
                                     " pipelines built for switch.pipelines=" + std::to_string(config.pipelines));
        clocked_ = std::make_unique<ClockedPipelines>(pipelines, config.ports, cycle_ps_, config.pipeline_fifo_headers,
                                                      warmup, end);
        if (waves) clocked_->trace(*waves);
    } else if (pipelines.size() != 1) {
        throw ModelInconsistency(std::string(this->name()) + ": an unclocked pipeline decides for every port alone");
    }
}

TimePs SwitchAsic::pause_free_ps() const {
    // A paused group resumes at XON: its cells leave with the frames on the egress wires now
    // and then no faster than every egress port at line rate. A link that goes down
    // discards its queue at once: with any link change ahead, a resume may go at any time.
    // Any time under the shortest window gives the shortest window: the first found ends
    // the search (0 stands for it).
    const double shortest = static_cast<double>(windows_.shortest());
    int64_t on_wire_cells = 0;
    for (const EgressPort& e : egress_ports_) {
        if (!e.pfc_frames.empty()) return 0;  // a PFC frame behind a data frame goes when it ends: soon
        if (e.busy && e.on_wire.data) on_wire_cells += e.on_wire.charge.cells;
    }
    const double fill = max_cells_per_ps_ * max_copies_;  // cells per ps one port can add
    const double drain = max_cells_per_ps_ * config_.ports;
    const bool steady_links = pfc_.paused_groups() == 0 || links_.up_for_good();
    // What waits in the pipeline is counted as if admitted now; what the partners have not
    // sent yet is admitted no sooner than this after what the switch has run (then at most
    // at line rate; none when it has run ahead of the window: lead_ps).
    const double unsent = static_cast<double>(std::max<TimePs>(0, unsent_admitted_from() - processed_until_));
    double free_ps = std::numeric_limits<double>::infinity();
    int64_t all_pending = 0;
    for (int i = 0; i < config_.ports; ++i) {
        // what waits in the pipeline, and a frame admitted early (cut-through)
        const int64_t pending = (pipeline_cells_[static_cast<size_t>(i)] + early_frame_cells_) * max_copies_;
        all_pending += pending;
        for (unsigned lossless = buffer_.lossless_mask(); lossless; lossless &= lossless - 1) {
            const int c = __builtin_ctz(lossless);
            const int64_t used = buffer_.group_cells(i, c);
            if (pfc_.paused(i, c)) {  // next: its resume, or its refresh
                const int64_t room = used - pfc_.xon_cells() - on_wire_cells;
                if (!steady_links || room <= 0) return 0;
                free_ps = std::min({free_ps, static_cast<double>(room) / drain,
                                    static_cast<double>(pfc_.refresh_due(i, c) - processed_until_)});
            } else {  // next: its XOFF
                const int64_t room = buffer_.xoff_cells() - used - pending;
                if (room <= 0) return 0;
                free_ps = std::min(free_ps, unsent + static_cast<double>(room) / fill);
            }
            if (free_ps < shortest) return 0;
        }
    }
    // A lossless frame also goes to its headroom, and pauses, when the shared pool is full.
    const int64_t shared_room = buffer_.shared_cells() - buffer_.shared_used_cells() - all_pending;
    if (shared_room > 0)
        free_ps = std::min(free_ps, unsent + static_cast<double>(shared_room) / (fill * config_.ports));
    else
        free_ps = std::min(free_ps, static_cast<double>(next_lossless_admission() - processed_until_));
    // (no window is longer than the longest: a longer time would change nothing)
    return static_cast<TimePs>(std::min(free_ps, static_cast<double>(windows_.longest())));
}

TimePs SwitchAsic::lead_ps(TimePs limit) const {
    // Every frame its partners send from the window's end on is admitted later than the
    // window's end plus the link's delay and the pipeline's latency: what comes before is
    // known, and the switch runs it now (varying windows: the partners' next window may
    // then end that much later, since no pause sent before it is still to come). The lead
    // ends on a calendar bucket's boundary, so that no frame that arrives later is pushed
    // into a bucket the switch has begun to read (where it would take a random place among
    // its ties: the order of the events would depend on the windows). It stays shorter than
    // the longest window less the shortest, so that every window ends after the switch's
    // lead (a run stopped early stops at a window's end). A clocked pipeline schedules its
    // headers a window at a time: no lead.
    if (!windows_.vary() || clocked_) return 0;
    // A frame lost on the wire takes the latency of the frame decided last, none before the
    // first (receive()): the lead counts on the least of that and the pipeline's.
    const uint32_t least_cycles =
        std::min(pipeline_.latency_cycles(), cached_cycles_ == UINT32_MAX ? 0u : cached_cycles_);
    const TimePs lead = std::min(admission_delay_ps(least_cycles), windows_.longest() - windows_.shortest());
    const TimePs bucket = EventCalendar::bucket_ps;
    return std::max<TimePs>(0, (limit + lead) / bucket * bucket - limit);
}

TimePs SwitchAsic::admission_delay_ps(uint32_t cycles) const {
    // A frame sent at the window's end reaches the MAC after its link's fibre (and whatever
    // its PHYs add) and is admitted `cycles` of pipeline latency after that (a clocked
    // pipeline's clock edges are whole picoseconds, rounded: 1 ps less).
    return static_cast<TimePs>(config_.link_delay_ps) + std::max<TimePs>(0, static_cast<TimePs>(cycles * cycle_ps_) - 1);
}

TimePs SwitchAsic::next_lossless_admission() const {
    // With the shared pool full, the next pause can only come from a lossless frame admitted
    // on a port whose class is not paused yet: one in the pipeline now, at its admission, or
    // one its partner has not sent yet, which reaches the MAC no sooner than the link's
    // delay and is admitted the pipeline's latency later. A clocked pipeline admits at
    // times scheduled a window at a time: then any time.
    if (clocked_) return processed_until_;
    TimePs next = std::max(processed_until_, unsent_admitted_from());
    for (int i = 0; i < config_.ports; ++i) {
        unsigned unpaused = 0;
        for (unsigned lossless = buffer_.lossless_mask(); lossless; lossless &= lossless - 1)
            if (!pfc_.paused(i, __builtin_ctz(lossless))) unpaused |= lossless & -lossless;
        if (!unpaused) continue;
        for (const Packet* p = in_pipeline_[static_cast<size_t>(i)].front(); p && p->t_enqueue < next; p = p->next)
            if (!p->drop_pending && ((unpaused >> p->traffic_class) & 1)) {
                next = p->t_enqueue;
                break;
            }
    }
    return next;
}

// ---- ingress -------------------------------------------------------------------------

void SwitchAsic::b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* p = train_of(gp, *this);
    const TimePs shift = train_shift(*p, delay);
    // A port's frames are admitted in order (receive() checks it; a clocked pipeline's
    // switch never sleeps): the first one's admission is the train's earliest event, the
    // least of them (taken without a branch: "is it the first?" mispredicted on short trains).
    // receive() is inlined here, its one call, so that registers are saved and restored
    // once per train rather than per frame.
    TimePs first = INT64_MAX;
    for (Packet* next; p; p = next) {
        next = p->next;  // receive() links the frame into a pipeline FIFO
        first = std::min(first, receive(port, p, p->t_sent + shift));
    }
    wake_if_sleeping(first);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void SwitchAsic::link_changed(int port, TimePs at, bool up) {
    if (at < processed_until_)
        throw ModelInconsistency(std::string(name()) + ": link change of port " + std::to_string(port) +
                                 " announced after its time");
    links_.plan(port, at, up);
}

void SwitchAsic::write_stats(Report& report) const {
    const auto& c = counters_;
    for (size_t r = 0; r < drop_reason_count; ++r)
        report.add(std::string("packets.dropped.") + drop_reason_name(static_cast<DropReason>(r)), c.dropped[r]);
    for (size_t k = 0; k < traffic_class_count; ++k)
        if (c.dropped_by_class[k] > 0) report.add("packets.dropped_by_class." + std::to_string(k), c.dropped_by_class[k]);
    report.add("packets.replicated", c.replicated);
    const double cell = config_.cell_bytes;
    const TimePs end = run_control::effective_end(end_);
    const double window_ps = static_cast<double>(end - warmup_);
    report.set("buffer", {
        {"capacity_bytes", static_cast<double>(buffer_.total_cells()) * cell},
        {"cell_bytes", config_.cell_bytes},
        {"shared_bytes", static_cast<double>(buffer_.shared_cells()) * cell},
        {"occupancy_max_bytes", static_cast<double>(c.buffer_max_cells) * cell},
        {"occupancy_mean_bytes", c.buffer_cell_ps_in_window / window_ps * cell},
    });
    report.set("ecn.enabled", config_.ecn.enabled);
    report.add("ecn.marked", c.ecn_marked);
    int64_t pause_sent = 0;
    for (size_t i = 0; i < port_counters_.size(); ++i) {
        const SwitchPortCounters& pc = port_counters_[i];
        pause_sent += pc.pause_frames_sent;
        nlohmann::json& port = report.port(static_cast<int>(i));
        port["dropped"] = pc.drops;
        port["ecn_marked"] = pc.ecn_marked;
        port["pause_frames_sent"] = pc.pause_frames_sent;
    }
    report.set("pfc.enabled", config_.pfc.enabled);
    if (buffer_.headroom_pool_cells() > 0) report.set("pfc.headroom_pool_bytes", static_cast<double>(buffer_.headroom_pool_cells()) * cell);
    if (!pause_in.empty()) {  // it honours its partners' pauses (a fabric's switch)
        report.add("pfc.pause_frames_received", pause_frames_received_);
        report.add("pfc.egress_paused_ns", static_cast<double>(egress_paused_ps_) * 1e-3);
    }
    report.add("pfc.pause_frames_sent", pause_sent);
    report.set("pfc.headroom_bytes_per_group",
               config_.pfc.enabled ? static_cast<double>(buffer_.headroom_cells_per_group()) * cell : 0.0);
    report.add_power("switch_core", core_energy_.mean_power_w(end));
    fabric_->write_stats(report);
    if (clocked_) clocked_->write_stats(report);
    report.add("sim.events", events_);
}

void SwitchAsic::frame_inconsistent(const Packet& p, int port, const char* what) const {
    throw ModelInconsistency(std::string(name()) + ": packet " + std::to_string(p.id) + " on port " +
                             std::to_string(port) + " " + what);
}

void SwitchAsic::no_such_egress_port(uint32_t port) const {
    throw ModelInconsistency(std::string(name()) + ": pipeline chose egress port " + std::to_string(port) + " of " +
                             std::to_string(egress_ports_.size()));
}

void SwitchAsic::apply(Packet* p, const ForwardingDecision& d) {
    if (!d.drop && d.egress_port >= egress_ports_.size()) no_such_egress_port(d.egress_port);
    p->drop_pending = d.drop;
    if (d.drop) p->drop_reason = static_cast<uint8_t>(d.drop_reason);
    p->flood_mask = d.drop ? 0 : d.flood_mask & all_ports_mask_;
    p->egress_port = d.drop ? UINT16_MAX
                   : p->flood_mask ? static_cast<uint16_t>(__builtin_ctzll(p->flood_mask))
                                   : d.egress_port;
    p->traffic_class = d.traffic_class;
}

TimePs SwitchAsic::receive(int port, Packet* p, TimePs first_bit) {
    p->src_port = static_cast<uint16_t>(port);  // in a fabric a frame enters each switch on another port
    if (p->bad_crc) {  // corrupted on the previous switch's egress wire: this MAC's CRC check drops it
        p->bad_crc = false;
        p->drop_pending = true;
    }
    p->cells = static_cast<uint16_t>((p->bytes + config_.cell_bytes - 1) / config_.cell_bytes);
    // first_bit: at the MAC, after whatever the PHY added (FEC latency) to the train's delay.
    const TimePs received = first_bit + (config_.cut_through
                                             ? wire_time_ps_rounded(std::min(p->bytes, cut_through_header_bytes),
                                                                    config_.port_speed_gbps)
                                             : p->wire_ps);
    PacketFifo& fifo = in_pipeline_[static_cast<size_t>(port)];
    if (clocked_) {  // scheduled with the other ports' headers at the start of the window
        if (received < processed_until_)
            frame_inconsistent(*p, port, "arrived in the past (temporal decoupling violated)");
        if (p->drop_pending) {
            p->egress_port = UINT16_MAX;
            p->traffic_class = 0;  // not classified: the pipeline never saw it
        }
        clocked_->arrive(p, port, received, p->drop_pending);
        fifo.push(p);
        pipeline_cells_[static_cast<size_t>(port)] += p->cells;
        return received;  // admitted at a clock edge after it
    }
    ForwardingDecision d;
    if (!p->drop_pending && decides_at_admission_) {  // only its latency now
        d.egress_port = 0;
        d.traffic_class = p->traffic_class;
        d.latency_cycles = pipeline_.latency_cycles();
    } else if (!p->drop_pending) {
        d = pipeline_.decide(*p);
    } else {  // lost on the wire (its PHY says why): dropped when it would have been admitted
        d.drop = true;
        d.drop_reason = static_cast<DropReason>(p->drop_reason);
        d.latency_cycles = decides_at_admission_ ? pipeline_.latency_cycles()  // a fabric's window relies on it
                           : cached_cycles_ == UINT32_MAX ? 0 : cached_cycles_;  // keeps the FIFO in order
    }
    apply(p, d);
    if (d.latency_cycles != cached_cycles_) {  // the conversion is the same for every frame
        cached_cycles_ = d.latency_cycles;
        cached_pipeline_ps_ = static_cast<TimePs>(std::llround(d.latency_cycles * cycle_ps_));
    }
    const TimePs ready = received + cached_pipeline_ps_;
    if (ready < processed_until_)
        frame_inconsistent(*p, port, "arrived in the past (temporal decoupling violated)");
    if (!fifo.empty() && ready < fifo.back()->t_enqueue)
        frame_inconsistent(*p, port, "reordered by the pipeline");
    p->t_enqueue = ready;  // admission time
    // Every frame's admission goes into the calendar as it arrives (its wheel does not mind
    // how many): pushed in the same order whatever the quantum, while the FIFO keeps a
    // port's frames in order for the admissions to take.
    calendar_.push(ready, EventKind::ingress_done, static_cast<uint32_t>(port));
    fifo.push(p);
    pipeline_cells_[static_cast<size_t>(port)] += p->cells;
    return ready;
}

TimePs SwitchAsic::run_window(TimePs now) {
    sleeping_ = false;
    now_ps_ = now;
    const TimePs limit = windows_.window_end(now);
    window_end_ = limit;
    if (run_control::stop_requested() && limit > warmup_ && limit < end_)
        run_control::mark_stopped(limit);  // the last window: one after the warm-up
    const TimePs lead = lead_ps(limit);  // (a run stopped early: no lead past its end)
    process_until(lead > 0 ? std::min(limit + lead, run_control::effective_end(end_)) : limit);
    if (limit >= run_control::effective_end(end_)) {
        finish_run();
        return INT64_MAX;
    }
    // The next window may end as late as a pause sent at the earliest it could be
    // would arrive (the shortest window is the pause's trip).
    if (windows_.vary()) windows_.set_next_end(limit, processed_until_ + pause_free_ps() + windows_.shortest());
    // (Varying windows need the switch to set every window's end: it never sleeps
    // through one. Only a fabric's switches sleep, and their windows are fixed.)
    if (config_.in_fabric && !clocked_ && !windows_.vary()) {
        const TimePs quantum = windows_.longest();
        // Nothing before the window after next: sleep until the window holding the
        // next event, or the window holding what arrives meanwhile if sooner (its
        // admission is a window or more ahead of the window it arrives in: no window is
        // longer than the fibre, PHY and pipeline delays before an admission).
        const TimePs next = calendar_.next_time();
        if (next >= limit + quantum) {
            const TimePs wake = window_holding(next);
            if (wake > now + quantum) {
                sleeping_ = true;
                sleeps_until_ = wake;
                return wake;
            }
        }
    }
    return limit;
}

void SwitchAsic::wake_if_sleeping(TimePs event) {
    // Awake, it finds what came in its calendar. Asleep, nothing it holds is due before the
    // window it sleeps to, and what came is admitted or takes effect no sooner than the
    // window after the one it arrived in: the windows before the one that holds the new
    // event would run nothing, and it sleeps on till then (it stays asleep: an arrival for
    // sooner still wakes it sooner).
    if (!sleeping_) return;
    const TimePs at = window_holding(event);
    if (at >= sleeps_until_) return;
    sleeps_until_ = at;
    wake_(at);
}

TimePs SwitchAsic::window_holding(TimePs t) const {
    const TimePs quantum = windows_.longest();
    return t >= end_ ? end_ : t / quantum * quantum;
}

void SwitchAsic::finish_run() {
    const TimePs end = run_control::effective_end(end_);
    buffer_changed(end);
    for (size_t g = 0; g < paused_since_.size(); ++g)  // received pauses still holding a class
        if (egress_ports_[g / traffic_class_count].paused(static_cast<int>(g % traffic_class_count)) && end > warmup_)
            egress_paused_ps_ += end - std::max(paused_since_[g], warmup_);
    if (clocked_) clocked_->run_until(end);
    if (end < end_) run_control::stop_simulation();  // stopped early: the other models' processes stop here too
}

void SwitchAsic::process_until(TimePs limit) {
    if (clocked_)  // the headers that complete in this window take their clocks
        clocked_->schedule_until(limit, [this](int port, TimePs admission) {
            calendar_.push(admission, EventKind::ingress_done, static_cast<uint32_t>(port));
        });
    while (calendar_.has_event_before(limit)) {
        const SwitchEvent e = calendar_.pop();
        ++events_;
        if (series_) series_->advance_to(e.t);
        const int port = static_cast<int>(e.port);
        switch (e.kind) {
            case EventKind::tx_done: on_tx_done(e.t, port); break;
            case EventKind::ingress_done: on_ingress_done(e.t, port); break;
            case EventKind::egress_arrival:
            case EventKind::crossbar_slot: fabric_->on_event(e.t, e.kind, e.port); break;
            case EventKind::pfc_refresh: pfc_.on_refresh(e.t, port, static_cast<int>(e.arg & 7)); break;
            case EventKind::pause_received: on_pause_received(e.t, port); break;
            case EventKind::pause_expiry: on_pause_expiry(e.t, port, static_cast<int>(e.arg & 7)); break;
        }
    }
    if (series_) series_->advance_to(limit - 1);
    processed_until_ = limit;
    windows_.set_switch_horizon(limit);
    // What the links' models read for a train (out of the cache since their last one) fetched
    // for all the trains first, so that their misses overlap (warm_path.h).
    for (int port : ports_with_trains_) egress_paths_.fetch(static_cast<size_t>(port));
    for (int port : ports_with_trains_) {  // frames that started in the window, to the links
        PacketFifo& train = egress_trains_[static_cast<size_t>(port)];
        Packet* last = train.back();
        if (recorder_)  // captures: once per train, not per frame, when nobody records
            for (const Packet* p = train.front(); p; p = p->next) recorder_->sent(port, *p, p->t_sent);
        send_train(egress_paths_.target(static_cast<size_t>(port)), payloads_[static_cast<size_t>(port)], train.take_all(), last,
                   now_ps_);
    }
    ports_with_trains_.clear();
}

void SwitchAsic::start_of_simulation() {
    egress_paths_.gather(egress);
}

unsigned SwitchAsic::ingress_path(int port, tlm::tlm_generic_payload& gp) {
    if (WarmPath* w = gp.get_extension<WarmPath>()) {  // what b_transport reads of the port
        w->add(&in_pipeline_[static_cast<size_t>(port)], sizeof(PacketFifo));
        w->add(&pipeline_cells_[static_cast<size_t>(port)], sizeof(int64_t));
    }
    return 0;
}

void SwitchAsic::sample_into(TimeSeries& series) {
    series_ = &series;
    SwitchProbes::sample_into(series, *this);
}

void SwitchAsic::on_ingress_done(TimePs t, int ingress_port) {
    // The frame of an admission a few events on has waited in the pipeline long enough to
    // be out of the cache: fetch it now.
    uint32_t soon;
    if (calendar_.admission_ahead(4, soon) && !in_pipeline_[soon].empty())
        __builtin_prefetch(in_pipeline_[soon].front());
    PacketFifo& fifo = in_pipeline_[static_cast<size_t>(ingress_port)];
    Packet* p = fifo.pop();
    if (!fifo.empty()) {  // the port's next, a frame time or more on
        __builtin_prefetch(fifo.front());
        // A fabric's routing, deciding at admission, reads its hosts in the second line.
        if (decides_at_admission_) __builtin_prefetch(reinterpret_cast<const char*>(fifo.front()) + 64);
    }
    pipeline_cells_[static_cast<size_t>(ingress_port)] -= p->cells;
    // A clocked pipeline's schedule gave the calendar the time alone (it checks each port's
    // order): stamping the frame then touched it, a window old and out of the cache, twice.
    if (clocked_)
        p->t_enqueue = t;
    else if (p->t_enqueue != t)
        frame_inconsistent(*p, ingress_port, "admitted out of order");
    if (clocked_ && !p->drop_pending) apply(p, clocked_->decide(*p, ingress_port));
    else if (!p->drop_pending && decides_at_admission_) apply(p, pipeline_.decide(*p));
    if (p->drop_pending) {
        drop(t, p, static_cast<DropReason>(p->drop_reason));
        return;
    }
    // Flood/multicast: one copy per further port of the mask, each admitted on its own.
    for (uint64_t rest = p->flood_mask & (p->flood_mask - 1); rest; rest &= rest - 1) {
        Packet* copy = pool_.acquire();
        *copy = *p;
        copy->next = nullptr;
        copy->flood_mask = 0;
        copy->egress_port = static_cast<uint16_t>(__builtin_ctzll(rest));
        ++counters_.replicated;
        admit(t, copy, ingress_port);
    }
    p->flood_mask = 0;
    admit(t, p, ingress_port);
}

void SwitchAsic::admit(TimePs t, Packet* p, int ingress_port) {
    DropReason reason = DropReason::buffer_full;
    if (!buffer_.admit(*p, ingress_port, reason)) {
        drop(t, p, reason);
        return;
    }
    ++counters_.admitted;
    buffer_changed(t);
    if (buffer_.lossless(p->traffic_class))
        pfc_.update(t, ingress_port, p->traffic_class, p->buffer_pool == SharedBuffer::headroom);
    fabric_->admit(t, p);
}

// ---- egress --------------------------------------------------------------------------

void SwitchAsic::to_egress_queue(TimePs t, Packet* p) {
    EgressPort& e = egress_ports_[p->egress_port];
    if (config_.ecn.enabled) {  // RED-like marking on the class queue's depth at enqueue
        const double q = static_cast<double>(e.class_bytes(p->traffic_class));
        const auto& ecn = config_.ecn;
        const bool mark = q >= ecn.kmax_bytes ||
                          (q > ecn.kmin_bytes &&
                           rng_.uniform_open0() <= ecn.pmax * (q - ecn.kmin_bytes) / (ecn.kmax_bytes - ecn.kmin_bytes));
        if (mark) {
            p->ecn_marked = true;
            ++counters_.ecn_marked;
            ++port_counters_[p->egress_port].ecn_marked;
        }
    }
    e.push(p);
    if (probes_) probes_->queue(t, p->egress_port, e.bytes());
    if (!e.busy) start_transmission(t, p->egress_port);
}

void SwitchAsic::start_transmission(TimePs t, int port) {
    // The rare cases (a PFC frame to send, a link that is down, nothing to send, probes) out
    // of line: the frequent one then saves and restores fewer registers.
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    if (!e.pfc_frames.empty()) {  // MAC control frames go ahead of queued data
        send_pfc_frame(t, port);
        return;
    }
    if (!e.sendable()) {
        go_idle(t, port);
        return;
    }
    Packet* p = e.pop();
    if (!links_.up_at(port, t)) {
        p = discard_while_down(t, port, p);
        if (!p) {
            go_idle(t, port);
            return;
        }
    }
    e.busy = true;
    const TimePs wire = p->wire_ps;  // every port runs at the same rate as the partners
    e.on_wire.charge = SharedBuffer::charge_of(*p, p->src_port);
    e.on_wire.bytes = p->bytes;
    e.on_wire.data = true;
    if (probes_) probe_port(t, port, true);
    calendar_.push(t + wire, EventKind::tx_done, static_cast<uint32_t>(port));
    // The frame now belongs to the egress link (sent with the port's train at the end of
    // the window); its buffer is freed at tx_done.
    p->t_sent = t;
    PacketFifo& train = egress_trains_[static_cast<size_t>(port)];
    if (train.empty()) ports_with_trains_.push_back(port);
    train.push(p);
}

void SwitchAsic::send_pfc_frame(TimePs t, int port) {
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    Packet* f = e.pfc_frames.pop();
    e.busy = true;
    e.on_wire.data = false;
    ++port_counters_[static_cast<size_t>(port)].pause_frames_sent;
    calendar_.push(t + f->wire_ps, EventKind::tx_done, static_cast<uint32_t>(port));
    f->t_sent = t;
    f->next = nullptr;
    if (recorder_) recorder_->sent(port, *f, t);
    send_train(*pause_out[static_cast<size_t>(port)], pause_payloads_[static_cast<size_t>(port)], f, f, now_ps_);
}

Packet* SwitchAsic::discard_while_down(TimePs t, int port, Packet* p) {
    // The link is down: the MAC discards each frame at once, until the link is up again or
    // nothing is left to send.
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    while (true) {
        const BufferCharge charge = SharedBuffer::charge_of(*p, p->src_port);
        buffer_.release(charge);
        buffer_changed(t);
        drop(t, p, DropReason::link_down);
        if (buffer_.lossless(charge.traffic_class)) pfc_.update(t, charge.ingress, charge.traffic_class, false);
        if (!e.sendable()) return nullptr;
        p = e.pop();
        if (links_.up_at(port, t)) return p;
    }
}

void SwitchAsic::go_idle(TimePs t, int port) {
    egress_ports_[static_cast<size_t>(port)].busy = false;
    if (probes_) probe_port(t, port, false);
}

void SwitchAsic::probe_port(TimePs t, int port, bool busy) {
    probes_->busy(t, port, busy);
    probes_->queue(t, port, egress_ports_[static_cast<size_t>(port)].bytes());
}

void SwitchAsic::on_tx_done(TimePs t, int port) {
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    if (e.on_wire.data) {
        const BufferCharge& c = e.on_wire.charge;
        buffer_.release(c);
        buffer_changed(t);
        ++counters_.transmitted;
        counters_.transmitted_bytes += e.on_wire.bytes;
        port_counters_[static_cast<size_t>(port)].transmitted_bytes += e.on_wire.bytes;
        core_energy_.add_dynamic_j(t, config_.core_pj_per_bit * 1e-12 * 8.0 * e.on_wire.bytes);
        if (buffer_.lossless(c.traffic_class)) pfc_.update(t, c.ingress, c.traffic_class, false);
    }
    start_transmission(t, port);  // next PFC frame or data frame, or idle
}

// ---- PFC -----------------------------------------------------------------------------

void SwitchAsic::send_pause(TimePs t, int port, int cls, uint16_t quanta) {
    Packet* f = pool_.acquire();
    f->kind = PacketKind::pfc_pause;
    f->bytes = 64;
    f->wire_ps = wire_time_ps_rounded(64, config_.port_speed_gbps);
    f->src_port = f->egress_port = static_cast<uint16_t>(port);
    f->pfc_class_mask = static_cast<uint8_t>(1u << cls);
    f->pfc_quanta = quanta;
    ++counters_.pfc_frames_created;
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    e.pfc_frames.push(f);
    if (!e.busy) start_transmission(t, port);
}

void SwitchAsic::accept_pauses() {
    pauses_received_.resize(static_cast<size_t>(config_.ports));
    paused_until_.assign(static_cast<size_t>(config_.ports) * traffic_class_count, 0);
    paused_since_.assign(paused_until_.size(), 0);
    for (int i = 0; i < config_.ports; ++i) {
        pause_in.emplace_back(new IngressSocket(("pause_in_" + std::to_string(i)).c_str()));
        pause_in.back()->register_b_transport(this, &SwitchAsic::pause_transport, i);
    }
}

void SwitchAsic::pause_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    Packet* f = packet_of(gp);
    if (!f || f->kind != PacketKind::pfc_pause || f->next)
        throw ModelInconsistency(std::string(name()) + ": not a single PFC frame on the pause path");
    const TimePs received = model_clock::now_ps() + sc_to_ps(delay) + f->wire_ps;
    if (received < processed_until_)
        throw ModelInconsistency(std::string(name()) + ": PFC frame for port " + std::to_string(port) + " arrived at " +
                                 std::to_string(received) + " ps, after the switch ran to " +
                                 std::to_string(processed_until_) + " ps (a window ended after a pause sent inside it arrived)");
    auto& q = pauses_received_[static_cast<size_t>(port)];
    if (!q.empty() && received < q.back().t)
        throw ModelInconsistency(std::string(name()) + ": PFC frames out of order");
    q.push_back({received, f->pfc_class_mask, f->pfc_quanta});
    ++pause_frames_received_;
    pool_.release(f);
    calendar_.push(received, EventKind::pause_received, static_cast<uint32_t>(port));
    wake_if_sleeping(received);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void SwitchAsic::on_pause_received(TimePs t, int port) {
    auto& q = pauses_received_[static_cast<size_t>(port)];
    const ReceivedPause r = q.front();
    q.pop_front();
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    const TimePs pause_ps = pfc_pause_ps(r.quanta, config_.port_speed_gbps);
    for (int c = 0; c < traffic_class_count; ++c) {
        if (!((r.classes >> c) & 1)) continue;
        const size_t g = static_cast<size_t>(port) * traffic_class_count + static_cast<size_t>(c);
        if (pause_ps > 0) {
            if (!e.paused(c)) paused_since_[g] = t;
            e.set_paused(c, true);
            paused_until_[g] = t + pause_ps;
            calendar_.push(t + pause_ps, EventKind::pause_expiry, static_cast<uint32_t>(port), static_cast<uint32_t>(c));
        } else {  // resumes now
            paused_until_[g] = t;
            on_pause_expiry(t, port, c);
        }
    }
}

void SwitchAsic::on_pause_expiry(TimePs t, int port, int cls) {
    const size_t g = static_cast<size_t>(port) * traffic_class_count + static_cast<size_t>(cls);
    EgressPort& e = egress_ports_[static_cast<size_t>(port)];
    if (!e.paused(cls) || paused_until_[g] > t) return;  // renewed since
    e.set_paused(cls, false);
    if (t > warmup_) egress_paused_ps_ += t - std::max(paused_since_[g], warmup_);
    if (!e.busy) start_transmission(t, port);
}

// ---- accounting ----------------------------------------------------------------------

void SwitchAsic::drop(TimePs t, Packet* p, DropReason reason) {
    if (recorder_) recorder_->dropped(*p, t, reason, -1);
    ++counters_.dropped[static_cast<size_t>(reason)];
    ++counters_.dropped_by_class[p->traffic_class & 7];
    if (p->egress_port < egress_ports_.size()) {
        const int64_t drops = ++port_counters_[p->egress_port].drops;
        if (probes_) probes_->drops(t, p->egress_port, drops);
    }
    pool_.release(p);
}

void SwitchAsic::buffer_changed(TimePs t) {
    // Time-weighted occupancy and peak over the window: the level held since the last
    // change counts if the window began before now, the new one if it has begun.
    const TimePs from = std::max(buffer_changed_at_, warmup_);
    if (t > from) {
        counters_.buffer_cell_ps_in_window += static_cast<double>(last_used_cells_) * static_cast<double>(t - from);
        counters_.buffer_max_cells = std::max(counters_.buffer_max_cells, last_used_cells_);
    }
    buffer_changed_at_ = t;
    last_used_cells_ = buffer_.used_cells();
    if (t >= warmup_) counters_.buffer_max_cells = std::max(counters_.buffer_max_cells, last_used_cells_);
    if (probes_) probes_->buffer(t, last_used_cells_ * config_.cell_bytes);
}

}  // namespace cposim
