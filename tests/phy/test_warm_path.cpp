#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "fibre_link.h"
#include "packet_extension.h"
#include "warm_path.h"

using namespace cposim;

namespace {

struct Sender : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Sender> out;
    explicit Sender(sc_core::sc_module_name name) : sc_module(name), out("out") {}
};

// A receiver that does not take part in warm paths: the path ends at its socket.
struct Receiver : sc_core::sc_module {
    tlm_utils::simple_target_socket<Receiver> in;
    sc_core::sc_time last_delay;
    int trains = 0;
    explicit Receiver(sc_core::sc_module_name name) : sc_module(name), in("in") {
        in.register_b_transport(this, &Receiver::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload&, sc_core::sc_time& delay) {
        last_delay = delay;
        ++trains;
    }
};

// Each model on pages of its own, so that no cache line holds two of them.
struct OwnPages {
    template <class T>
    void operator()(T* model) const {
        model->~T();
        std::free(model);
    }
};
template <class T, class... Args>
std::unique_ptr<T, OwnPages> apart(Args&&... args) {
    constexpr size_t page = 4096, bytes = (sizeof(T) + page - 1) / page * page;
    return std::unique_ptr<T, OwnPages>(new (std::aligned_alloc(page, bytes)) T(std::forward<Args>(args)...));
}

// How many of the path's lines fall in [object, object + bytes), and the index of the first.
struct Hits {
    int count = 0;
    size_t first = SIZE_MAX;
};
Hits lines_in(const std::vector<const void*>& lines, const void* object, size_t bytes, const void* skip = nullptr,
              size_t skip_bytes = 0) {
    const auto lo = reinterpret_cast<uintptr_t>(object) & ~uintptr_t{63}, hi = reinterpret_cast<uintptr_t>(object) + bytes;
    const auto slo = reinterpret_cast<uintptr_t>(skip), shi = slo + skip_bytes;
    Hits h;
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto l = reinterpret_cast<uintptr_t>(lines[i]);
        if (l < lo || l >= hi) continue;
        if (skip && l + 64 > slo && l < shi) continue;  // a line of the skipped part
        ++h.count;
        h.first = std::min(h.first, i);
    }
    return h;
}

}  // namespace

// A sender's warm path runs through every model that takes part (each fibre: the socket it
// is called through, then its own delay and next hop) and ends at the first that does not,
// after that model's socket; the lines are whole cache lines. Sending straight to what the
// sender's socket is bound to delivers as through the socket: both fibres' delays, by hand.
TEST_CASE("a warm path names each fibre's lines in link order and ends at a model that does not take part",
          "[phy]") {
    auto sender_model = apart<Sender>("sender");
    auto a_model = apart<FibreLink>("a", 2.0), b_model = apart<FibreLink>("b", 3.0);
    auto receiver_model = apart<Receiver>("receiver");
    Sender& sender = *sender_model;
    FibreLink &a = *a_model, &b = *b_model;
    Receiver& receiver = *receiver_model;
    sender.out.bind(a.in);
    a.out.bind(b.in);
    b.out.bind(receiver.in);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration done: every socket bound

    const std::vector<const void*> lines = WarmPath::of(sender.out);
    for (const void* l : lines) CHECK(reinterpret_cast<uintptr_t>(l) % 64 == 0);
    const Hits a_socket = lines_in(lines, &a.in, sizeof a.in), b_socket = lines_in(lines, &b.in, sizeof b.in);
    const Hits a_own = lines_in(lines, &a, sizeof a, &a.in, sizeof a.in);
    const Hits b_own = lines_in(lines, &b, sizeof b, &b.in, sizeof b.in);
    const Hits r_socket = lines_in(lines, &receiver.in, sizeof receiver.in);
    const Hits r_own = lines_in(lines, &receiver, sizeof receiver, &receiver.in, sizeof receiver.in);
    CHECK(a_socket.count >= 1);
    CHECK(a_own.count >= 1);
    CHECK(b_socket.count >= 1);
    CHECK(b_own.count >= 1);
    CHECK(r_socket.count >= 1);
    CHECK(r_own.count == 0);  // it did not take part
    CHECK(a_socket.first < a_own.first);
    CHECK(a_own.first < b_socket.first);
    CHECK(b_socket.first < b_own.first);
    CHECK(b_own.first < r_socket.first);

    Packet frame;
    frame.t_sent = 1000;
    PacketPayload payload;
    send_train(sender.out.operator->(), payload, &frame, &frame, 0);
    CHECK(receiver.trains == 1);
    // sent 1 ns after now, then 2 m and 3 m of fibre at 4.9 ns/m: 1,000 + 9,800 + 14,700 ps
    CHECK(fibre_delay_ns_per_m == 4.9);
    CHECK(receiver.last_delay.value() == 25'500);
}
