// The PFC controller (models/switch/pfc_controller.h) driven by a real SharedBuffer and
// EventCalendar, with a PauseSender that records what it is asked to send: one pause
// (0xFFFF quanta) when a group's cells reach XOFF or a frame had to enter its headroom,
// one resume (0 quanta) when they drop to XON, a refresh every half pause time
// (65535 x 512 bit times / port speed / 2) while paused, and nothing from a refresh event
// that a resume made stale. Times and cell counts are computed by hand in the comments.
#include <catch2/catch.hpp>

#include <cstdint>
#include <ostream>
#include <vector>

#include "all_parameters.h"
#include "event_calendar.h"
#include "pfc_controller.h"
#include "shared_buffer.h"

using namespace cposim;

namespace {

struct PauseCall {
    TimePs t;
    int port, cls;
    uint16_t quanta;
    bool operator==(const PauseCall& o) const { return t == o.t && port == o.port && cls == o.cls && quanta == o.quanta; }
};

std::ostream& operator<<(std::ostream& os, const PauseCall& c) {
    return os << "{t " << c.t << ", port " << c.port << ", class " << c.cls << ", quanta " << c.quanta << "}";
}

struct RecordingMac : PauseSender {
    std::vector<PauseCall> calls;
    void send_pause(TimePs t, int port, int cls, uint16_t quanta) override { calls.push_back({t, port, cls, quanta}); }
};

// 2 ports at 800G, 256 B cells, 120 cells; class 3 lossless: XOFF 5000 B = ceil(19.53) = 20
// cells, XON 3000 B = floor(11.72) = 11 cells, headroom 2500 B = ceil(9.77) = 10 cells per
// group (20 in all), so 100 shared. alpha 1024: lossy frames can fill the pool.
SwitchConfig pfc_config() {
    SwitchConfig c;
    c.ports = 2;
    c.port_speed_gbps = 800;
    c.cell_bytes = 256;
    c.buffer_bytes = 120 * 256;
    c.dt_alpha = 1024;
    c.pfc.enabled = true;
    c.pfc.lossless_mask = 1u << 3;
    c.pfc.xoff_bytes = 5000;
    c.pfc.xon_bytes = 3000;
    c.pfc.headroom_bytes = 2500;
    return c;
}

// The switch's sequence for a frame: admit, then tell PFC (lossless classes only).
struct Rig {
    SwitchConfig config;
    SharedBuffer buffer;
    EventCalendar calendar{1};
    RecordingMac mac;
    PfcController pfc;
    std::vector<BufferCharge> held;  // charges of admitted frames, last admitted at the back

    explicit Rig(const SwitchConfig& c) : config(c), buffer(c), pfc(c, buffer, calendar, mac) {}

    bool admit(TimePs t, int ingress, int cls, int egress = 1) {
        Packet p;
        p.bytes = config.cell_bytes;  // one cell
        p.cells = 1;
        p.traffic_class = static_cast<uint8_t>(cls);
        p.egress_port = static_cast<uint16_t>(egress);
        DropReason reason = DropReason::count;
        if (!buffer.admit(p, ingress, reason)) return false;
        held.push_back(SharedBuffer::charge_of(p, ingress));
        if (buffer.lossless(cls)) pfc.update(t, ingress, cls, p.buffer_pool == SharedBuffer::headroom);
        return true;
    }
    void release_last(TimePs t) {
        const BufferCharge c = held.back();
        held.pop_back();
        buffer.release(c);
        if (buffer.lossless(c.traffic_class)) pfc.update(t, c.ingress, c.traffic_class, false);
    }
    // Pops every pending calendar event before `limit`, running the refreshes.
    std::vector<SwitchEvent> run_until(TimePs limit) {
        std::vector<SwitchEvent> events;
        while (calendar.has_event_before(limit)) {
            const SwitchEvent e = calendar.pop();
            events.push_back(e);
            REQUIRE(e.kind == EventKind::pfc_refresh);
            pfc.on_refresh(e.t, static_cast<int>(e.port), static_cast<int>(e.arg));
        }
        return events;
    }
};

constexpr uint16_t xoff = 0xFFFF;
// 65535 x 512 bits / 800 Gb/s = 41.9424 us, refreshed at half: 20.9712 us.
constexpr TimePs refresh_800g = 20'971'200;

}  // namespace

TEST_CASE("the PFC refresh interval is half of 65535 quanta of 512 bit times", "[switch][pfc]") {
    // 65535 x 512 = 33553920 bits. 800G: 41942.4 ns / 2 = 20971200 ps. 100G: 335539.2 ns
    // / 2 = 167769600 ps. 400G: 83884.8 ns / 2 = 41942400 ps.
    const std::vector<std::pair<double, TimePs>> speed_interval{{800, 20'971'200}, {100, 167'769'600}, {400, 41'942'400}};
    for (const auto& [gbps, interval] : speed_interval) {
        CAPTURE(gbps);
        SwitchConfig c = pfc_config();
        c.port_speed_gbps = gbps;
        SharedBuffer buffer(c);
        EventCalendar calendar(1);
        RecordingMac mac;
        PfcController pfc(c, buffer, calendar, mac);
        CHECK(pfc.refresh_interval_ps() == interval);
    }
}

TEST_CASE("PFC pauses once when a group reaches XOFF and resumes once when it drops to XON", "[switch][pfc]") {
    // One-cell class-3 frames from ingress 0 at t = k ns, k = 1..30: the 20th brings the
    // group to 20 cells = XOFF: one pause at t = 20 ns. Frames 21..30 go to the headroom:
    // already paused, nothing more. Then one release per ns from t = 100 ns: after the
    // k-th the group holds 30 - k cells; at k = 19 it is 11 = XON: one resume at 119 ns.
    Rig rig(pfc_config());
    for (int k = 1; k <= 30; ++k) {
        REQUIRE(rig.admit(1'000 * k, 0, 3));
        CHECK(rig.pfc.paused(0, 3) == (k >= 20));
    }
    CHECK(rig.buffer.group_cells(0, 3) == 30);
    CHECK(rig.mac.calls == std::vector<PauseCall>{{20'000, 0, 3, xoff}});
    for (int k = 1; k <= 30; ++k) {
        rig.release_last(100'000 + 1'000 * k);
        CHECK(rig.pfc.paused(0, 3) == (k < 19));
    }
    CHECK(rig.mac.calls == std::vector<PauseCall>{{20'000, 0, 3, xoff}, {119'000, 0, 3, 0}});
    // The refresh scheduled with the pause, at 20 ns + 20.9712 us, comes after the resume:
    // stale, it sends nothing and schedules nothing.
    const auto events = rig.run_until(INT64_MAX);
    REQUIRE(events.size() == 1);
    CHECK(events[0].t == 20'000 + refresh_800g);
    CHECK(events[0].port == 0);
    CHECK(events[0].arg == 3);
    CHECK(rig.mac.calls.size() == 2);
}

TEST_CASE("a paused group re-sends its pause every refresh interval until it resumes", "[switch][pfc]") {
    // Pause at t0 = 20 ns (20th one-cell frame, one per ns). Refreshes at t0 + R and
    // t0 + 2R (R = 20971200 ps), each scheduling the next. Releasing 9 frames at 50 us
    // (20 -> 11 cells) resumes; the refresh due at t0 + 3R is then stale.
    Rig rig(pfc_config());
    for (int k = 1; k <= 20; ++k) REQUIRE(rig.admit(1000 * k, 0, 3));
    const TimePs t0 = 20'000;
    REQUIRE(rig.mac.calls == std::vector<PauseCall>{{t0, 0, 3, xoff}});
    const auto first = rig.run_until(t0 + 2 * refresh_800g + 1);
    REQUIRE(first.size() == 2);
    CHECK(first[0].t == t0 + refresh_800g);
    CHECK(first[1].t == t0 + 2 * refresh_800g);
    CHECK(rig.mac.calls == std::vector<PauseCall>{{t0, 0, 3, xoff},
                                                  {t0 + refresh_800g, 0, 3, xoff},
                                                  {t0 + 2 * refresh_800g, 0, 3, xoff}});
    const TimePs t_resume = 50'000'000;  // 50 us: between t0 + 2R (41.96 us) and t0 + 3R (62.93 us)
    for (int k = 0; k < 9; ++k) rig.release_last(t_resume);
    CHECK(rig.buffer.group_cells(0, 3) == 11);
    CHECK_FALSE(rig.pfc.paused(0, 3));
    const auto rest = rig.run_until(INT64_MAX);
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].t == t0 + 3 * refresh_800g);
    CHECK(rig.mac.calls == std::vector<PauseCall>{{t0, 0, 3, xoff},
                                                  {t0 + refresh_800g, 0, 3, xoff},
                                                  {t0 + 2 * refresh_800g, 0, 3, xoff},
                                                  {t_resume, 0, 3, 0}});
}

TEST_CASE("a resume and a new pause make the old refresh stale, only the new one refreshes", "[switch][pfc]") {
    // Pause at 20 ns (20 cells), its refresh due at 20 ns + R. Releases at 30 ns + k ns:
    // after the 9th (39 ns) 11 cells: resume. Admissions at 40 ns + k ns: after the 9th
    // (49 ns) 20 cells again: pause, refresh due at 49 ns + R. The event at 20 ns + R
    // sends nothing, the one at 49 ns + R re-sends the pause.
    Rig rig(pfc_config());
    for (int k = 1; k <= 20; ++k) REQUIRE(rig.admit(1000 * k, 0, 3));
    for (int k = 1; k <= 9; ++k) rig.release_last(30'000 + 1000 * k);
    for (int k = 1; k <= 9; ++k) REQUIRE(rig.admit(40'000 + 1000 * k, 0, 3));
    const std::vector<PauseCall> before{{20'000, 0, 3, xoff}, {39'000, 0, 3, 0}, {49'000, 0, 3, xoff}};
    CHECK(rig.mac.calls == before);
    const auto events = rig.run_until(49'000 + refresh_800g + 1);
    REQUIRE(events.size() == 2);
    CHECK(events[0].t == 20'000 + refresh_800g);
    CHECK(events[1].t == 49'000 + refresh_800g);
    std::vector<PauseCall> after = before;
    after.push_back({49'000 + refresh_800g, 0, 3, xoff});
    CHECK(rig.mac.calls == after);
    // The group of ingress 1 (same class) was never touched.
    CHECK_FALSE(rig.pfc.paused(1, 3));
}

TEST_CASE("a frame that had to enter the headroom pauses its group below XOFF", "[switch][pfc]") {
    // Lossy class 0 from ingress 1 fills the 100 shared cells (alpha 1024). A class-3 frame
    // from ingress 0 then goes to the headroom with its group at 1 cell (< XOFF 20): pause
    // at once. Its release (group 0 <= XON 11) resumes.
    Rig rig(pfc_config());
    for (int k = 0; k < 100; ++k) REQUIRE(rig.admit(0, 1, 0, 0));
    CHECK_FALSE(rig.admit(0, 1, 0, 0));  // buffer_full
    CHECK(rig.mac.calls.empty());  // lossy frames never pause
    REQUIRE(rig.admit(5'000, 0, 3));
    CHECK(rig.held.back().pool == SharedBuffer::headroom);
    CHECK(rig.buffer.group_cells(0, 3) == 1);
    CHECK(rig.mac.calls == std::vector<PauseCall>{{5'000, 0, 3, xoff}});
    rig.release_last(6'000);
    CHECK(rig.mac.calls == std::vector<PauseCall>{{5'000, 0, 3, xoff}, {6'000, 0, 3, 0}});
    // A group in the shared pool below XOFF is told of its change and stays quiet.
    Rig quiet(pfc_config());
    REQUIRE(quiet.admit(1'000, 1, 3));
    quiet.pfc.update(2'000, 1, 3, false);
    CHECK(quiet.mac.calls.empty());
}

TEST_CASE("PFC from the default parameters: XOFF 782 cells, XON 585 cells, headroom 860 cells at 800G over 100 m", "[switch][pfc][params]") {
    // Defaults: 256 B cells, XOFF 200 kB -> ceil(781.25) = 782 cells, XON 150 kB ->
    // floor(585.9) = 585 cells. Headroom (802.1Qbb method) at 800G with a 500 ns one-way
    // link (100 m) and 9216 B MTU: 2 x (9216 + 20) + 84 + 2 x 500 ns x 100 B/ns
    // + (394 + 700 x 511 / 300 = 1586.33 quanta) x 64 B = 18472 + 84 + 100000 + 101525.33
    // = 220081.33 B -> ceil(859.69) = 860 cells. 165 MB / 256 B = 644531 cells, minus
    // 4 ports x 1 lossless class x 860 = 641091 shared.
    ParameterSet p(parameter_registry());
    p.apply_override("switch.ports=4");
    p.apply_override("pfc.enabled=true");
    const SwitchConfig c = SwitchConfig::from(p, 500'000);
    CHECK(c.pfc.headroom_bytes == Approx(220081.0 + 1.0 / 3));
    Rig rig(c);
    CHECK(rig.buffer.xoff_cells() == 782);
    CHECK(rig.buffer.headroom_cells_per_group() == 860);
    CHECK(rig.buffer.total_cells() == 644531);
    CHECK(rig.buffer.shared_cells() == 641091);
    CHECK(rig.pfc.refresh_interval_ps() == refresh_800g);
    // 781 cells (199936 B < 200 kB): not paused. 782 (200192 B): paused.
    for (int k = 0; k < 781; ++k) REQUIRE(rig.admit(1'000, 2, 3));
    CHECK(rig.mac.calls.empty());
    REQUIRE(rig.admit(2'000, 2, 3));
    CHECK(rig.mac.calls == std::vector<PauseCall>{{2'000, 2, 3, xoff}});
    // Down to 586 cells (150016 B, above 150 kB): still paused. 585 (149760 B): resumed.
    while (rig.buffer.group_cells(2, 3) > 586) rig.release_last(3'000);
    CHECK(rig.pfc.paused(2, 3));
    CHECK(rig.mac.calls.size() == 1);
    rig.release_last(4'000);
    CHECK(rig.mac.calls == std::vector<PauseCall>{{2'000, 2, 3, xoff}, {4'000, 2, 3, 0}});
}
