// The window loop runs windows back to back within one kernel activation (model_clock.h):
// a receiver must still see each train at the time its sender stamped, another process must
// still see every window before its own time run and none after, and nothing may run at the
// instant sc_start() stops. Expectations by hand from the windows' grid.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "model_clock.h"
#include "packet_extension.h"
#include "packet_pool.h"
#include "window_loop.h"

using namespace cposim;

namespace {

constexpr TimePs kWindow = 10'000;    // 10 ns
constexpr TimePs kOffset = 3'000;     // each window's frame starts 3 ns into it
constexpr TimePs kEnd = 1'000'000;    // sc_start's time: 1 us

// Sends one frame a window, stamped kOffset into it, and runs for ever (the kernel stops it).
struct WindowedSender : sc_core::sc_module, WindowedModel {
    tlm_utils::simple_initiator_socket<WindowedSender> out;
    PacketPool pool;
    PacketPayload payload;
    std::vector<TimePs> windows;  // the windows it ran, by start
    TimePs largest_lead = 0;      // how far ahead of SystemC's time a window ran
    explicit WindowedSender(sc_core::sc_module_name name) : sc_module(name), out("out") {}
    TimePs run_window(TimePs now) override {
        windows.push_back(now);
        largest_lead = std::max(largest_lead, now - sc_to_ps(sc_core::sc_time_stamp()));
        Packet* p = pool.acquire();
        p->t_sent = now + kOffset;
        send_train(out, payload, p, p, now);
        return now + kWindow;
    }
};

// Takes each train's first bit at model_clock's now plus the annotated delay.
struct TimedReceiver : sc_core::sc_module {
    tlm_utils::simple_target_socket<TimedReceiver> in;
    PacketPool* pool = nullptr;
    std::vector<TimePs> stamped, received;
    explicit TimedReceiver(sc_core::sc_module_name name) : sc_module(name), in("in") {
        in.register_b_transport(this, &TimedReceiver::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        Packet* p = packet_of(gp);
        stamped.push_back(p->t_sent);
        received.push_back(model_clock::now_ps() + sc_to_ps(delay));
        pool->release(p);
    }
};

// Another process, woken at fixed times: it counts the windows run by then.
struct Observer : sc_core::sc_module {
    const WindowedSender& sender;
    std::vector<size_t> windows_seen;
    Observer(sc_core::sc_module_name name, const WindowedSender& s) : sc_module(name), sender(s) {
        SC_THREAD(watch);
    }
    SC_HAS_PROCESS(Observer);
    void watch() {
        for (const TimePs at : {95'000, 255'000}) {
            sc_core::wait(ps_to_sc(at) - sc_core::sc_time_stamp());
            windows_seen.push_back(sender.windows.size());
        }
    }
};

}  // namespace

TEST_CASE("window loop: windows run ahead of SystemC's time, in step with receivers and other processes") {
    WindowedSender sender("sender");
    TimedReceiver receiver("receiver");
    receiver.pool = &sender.pool;
    sender.out.bind(receiver.in);
    Observer observer("observer", sender);
    WindowLoop loop("windows", {&sender}, kEnd);
    sc_core::sc_start(ps_to_sc(kEnd));

    // Windows at 0, 10, ..., 990 ns: the one at 1 us, where the kernel stops, never runs.
    REQUIRE(sender.windows.size() == static_cast<size_t>(kEnd / kWindow));
    for (size_t w = 0; w < sender.windows.size(); ++w) REQUIRE(sender.windows[w] == static_cast<TimePs>(w) * kWindow);
    // Every train arrives when its sender stamped it, however far ahead its window ran.
    REQUIRE(receiver.received == receiver.stamped);
    REQUIRE(receiver.received.size() == sender.windows.size());
    // At 95 ns the windows at 0..90 ns have run (10), at 255 ns those at 0..250 ns (26) and
    // not the one at 260 ns: as with a kernel activation per window.
    REQUIRE(observer.windows_seen == std::vector<size_t>{10, 26});
    // After the observer's last wake nothing else is pending: the windows from 260 ns on ran
    // in one activation, the last 730 ns ahead of the kernel's time.
    REQUIRE(sender.largest_lead == 990'000 - 260'000);
    REQUIRE(model_clock::lead_ps == 0);
}
