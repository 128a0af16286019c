#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include "event_calendar.h"
#include "random.h"
#include "timing_wheel.h"

using namespace cposim;

namespace {

// Drives a wheel like a switch with slot-aligned arrivals, checking every pop against a
// reference ordered set of the pending (time, payload) entries: each pop schedules a
// follow-up at or after its time, mostly one to three 6.72 ns slots on (so many entries
// share an instant), sometimes at the same instant or elsewhere in the same bucket,
// sometimes beyond the wheel's horizon. Payloads grow with push order. Returns the
// number of pops that tied with the previous one in time and how many of those ran
// against push order.
std::pair<int64_t, int64_t> drive(TieOrder order, bool same_instant_pushes = true) {
    TimingWheel wheel(order, 1);
    std::set<std::pair<TimePs, uint64_t>> pending;
    Random rng(3, 4);
    uint64_t next_payload = 0;
    auto push = [&](TimePs t) {
        wheel.push(t, next_payload);
        pending.insert({t, next_payload++});
    };
    for (int i = 0; i < 64; ++i) push(6720 * static_cast<TimePs>(rng.below(4)));
    int64_t ties = 0, against_push_order = 0;
    std::pair<TimePs, uint64_t> previous{-1, 0};
    for (int step = 0; step < 200000; ++step) {
        const TimePs t = wheel.next_time(INT64_MAX);
        REQUIRE(t == pending.begin()->first);  // the earliest pending time
        const uint64_t payload = wheel.pop();
        REQUIRE(pending.erase({t, payload}) == 1);  // a pending entry of that time, once
        if (order == TieOrder::by_payload) REQUIRE((pending.empty() || std::make_pair(t, payload) < *pending.begin()));
        if (t == previous.first) {
            ++ties;
            against_push_order += payload < previous.second;
        }
        previous = {t, payload};
        const uint32_t r = rng.below(100);
        const TimePs slot = 6720, next_slot = (t / slot + 1) * slot;  // follow-ups realign to slots
        push(r < 10 ? (same_instant_pushes ? t : next_slot) : r < 20 ? t + rng.below(1024) : r < 97 ? next_slot + slot * rng.below(3)
                                                             : next_slot + slot * (745 + rng.below(15)));
    }
    return {ties, against_push_order};
}

}  // namespace

TEST_CASE("a timing wheel pops the earliest entry, ties by payload, as a sorted set does", "[switch][calendar]") {
    const auto [ties, against] = drive(TieOrder::by_payload);
    CHECK(ties > 1000);
    CHECK(against == 0);
}

TEST_CASE("a timing wheel keeps push order at equal times", "[switch][calendar]") {
    const auto [ties, against] = drive(TieOrder::pushed);
    CHECK(ties > 1000);
    CHECK(against == 0);
}

TEST_CASE("a shuffling timing wheel runs equal times in a fair order", "[switch][calendar]") {
    const auto [ties, against] = drive(TieOrder::shuffled, false);
    REQUIRE(ties > 1000);
    // In a uniformly random order, each neighbouring pair is against push order half the time.
    CHECK(static_cast<double>(against) / ties == Approx(0.5).margin(0.05));
}

TEST_CASE("an entry pushed into the open bucket of a shuffling wheel lands anywhere among its equal times", "[switch][calendar]") {
    // Three entries pending at T when the bucket opens; a fourth for T arrives after: each
    // of the four places in the order must be equally likely.
    std::array<int, 4> place{};
    const int trials = 40000;
    for (int trial = 0; trial < trials; ++trial) {
        TimingWheel wheel(TieOrder::shuffled, static_cast<uint64_t>(trial));
        const TimePs bucket_start = TimingWheel::bucket_ps * 50, t = bucket_start + 500;
        wheel.push(bucket_start + 1, 99);  // opens the bucket when popped
        for (uint64_t p = 0; p < 3; ++p) wheel.push(t, p);
        REQUIRE(wheel.next_time(INT64_MAX) == bucket_start + 1);
        REQUIRE(wheel.pop() == 99);
        wheel.push(t, 3);
        for (int i = 0; i < 4; ++i) {
            REQUIRE(wheel.next_time(INT64_MAX) == t);
            if (wheel.pop() == 3) ++place[static_cast<size_t>(i)];
        }
    }
    for (int n : place) CHECK(n == Approx(trials / 4.0).margin(5 * std::sqrt(trials * 0.25 * 0.75)));
}

TEST_CASE("the calendar runs equal times by kind: tx_done, egress_arrival, ingress_done, crossbar_slot, pfc_refresh", "[switch][calendar]") {
    EventCalendar calendar(9);
    const TimePs t = 123'456;
    calendar.push(t, EventKind::pfc_refresh, 1, 3);
    calendar.push(t, EventKind::crossbar_slot, 0);
    calendar.push(t, EventKind::ingress_done, 5);
    calendar.push(t, EventKind::ingress_done, 2);
    calendar.push(t, EventKind::egress_arrival, 7);
    calendar.push(t, EventKind::tx_done, 4);
    calendar.push(t - 1, EventKind::ingress_done, 9);  // an earlier time first, whatever its kind
    std::vector<EventKind> kinds;
    std::vector<uint32_t> ports;
    while (calendar.has_event_before(t + 1)) {
        const SwitchEvent e = calendar.pop();
        kinds.push_back(e.kind);
        ports.push_back(e.port);
    }
    REQUIRE(kinds == std::vector<EventKind>{EventKind::ingress_done, EventKind::tx_done, EventKind::egress_arrival,
                                            EventKind::ingress_done, EventKind::ingress_done, EventKind::crossbar_slot,
                                            EventKind::pfc_refresh});
    CHECK(ports[0] == 9);
    CHECK(ports[6] == 1);
    CHECK_FALSE(calendar.has_event_before(INT64_MAX));
}
