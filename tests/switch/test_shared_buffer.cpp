// The shared buffer (models/switch/shared_buffer.h) against hand-computed cases: frames
// are charged their cells, a lossy queue's dynamic threshold is alpha x the free shared
// cells (Choudhury and Hahne), a queue's reservation is used before the shared pool,
// buffer_full and queue_threshold are told apart, release gives back exactly what admit
// took, and lossless frames go to the shared pool up to XOFF, then to their group's
// headroom, then are dropped as pfc_headroom_overflow.
//
// Every case uses 256 B cells and a buffer of a few hundred cells, so each count can be
// followed on paper; the comments show the arithmetic.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "errors.h"
#include "shared_buffer.h"

using namespace cposim;

namespace {

constexpr uint32_t cell = 256;

// A buffer of `total_cells` cells on `ports` ports, lossy only unless the case sets PFC.
SwitchConfig buffer_config(int ports, int total_cells, double alpha, uint32_t reserved_cells = 0) {
    SwitchConfig c;
    c.ports = ports;
    c.port_speed_gbps = 800;
    c.cell_bytes = cell;
    c.buffer_bytes = static_cast<double>(total_cells) * cell;
    c.dt_alpha = alpha;
    c.reserved_cells = reserved_cells;
    return c;
}

// Class 3 lossless: XOFF 5000 B = ceil(19.53) = 20 cells, headroom 2500 B = ceil(9.77) =
// 10 cells per (ingress, class) group; 2 ports x 1 lossless class x 10 = 20 headroom cells.
SwitchConfig lossless_config(int total_cells, double alpha) {
    SwitchConfig c = buffer_config(2, total_cells, alpha);
    c.pfc.enabled = true;
    c.pfc.lossless_mask = 1u << 3;
    c.pfc.xoff_bytes = 5000;
    c.pfc.xon_bytes = 3000;
    c.pfc.headroom_bytes = 2500;
    return c;
}

// A frame as the switch hands it to the buffer: its cells are ceil(bytes / cell), as
// SwitchAsic::receive computes them.
Packet frame(uint32_t bytes, int cls, int egress) {
    Packet p;
    p.bytes = bytes;
    p.cells = static_cast<uint16_t>((bytes + cell - 1) / cell);
    p.traffic_class = static_cast<uint8_t>(cls);
    p.egress_port = static_cast<uint16_t>(egress);
    return p;
}

// Admits frames of `bytes` for (egress, cls) from `ingress` until one is refused; returns
// how many were admitted and the refusal's reason.
int fill(SharedBuffer& b, uint32_t bytes, int cls, int egress, int ingress, DropReason& reason) {
    int admitted = 0;
    while (true) {
        Packet p = frame(bytes, cls, egress);
        if (!b.admit(p, ingress, reason)) return admitted;
        ++admitted;
        REQUIRE(admitted < 100000);
    }
}

}  // namespace

TEST_CASE("a frame is charged ceil(bytes / cell) cells and charge_of gives back what it holds", "[switch][buffer]") {
    // 256 B cells: 64 B -> 1, 256 B -> 1, 257 B -> 2, 1500 B -> 6 (5.86), 9216 B -> 36.
    // alpha = 1024 so the threshold does not bind: 1 + 1 + 2 + 6 + 36 = 46 cells of 100.
    SharedBuffer b(buffer_config(2, 100, 1024));
    const std::vector<std::pair<uint32_t, uint32_t>> bytes_cells{{64, 1}, {256, 1}, {257, 2}, {1500, 6}, {9216, 36}};
    int64_t expected_used = 0;
    for (const auto& [bytes, cells] : bytes_cells) {
        Packet p = frame(bytes, 0, 1);
        REQUIRE(p.cells == cells);
        DropReason reason = DropReason::count;
        REQUIRE(b.admit(p, 0, reason));
        expected_used += cells;
        CHECK(b.used_cells() == expected_used);
        const BufferCharge charge = SharedBuffer::charge_of(p, 0);
        CHECK(charge.cells == cells);
        CHECK(charge.pool == SharedBuffer::shared);
        CHECK(charge.egress == 1);
        CHECK(charge.ingress == 0);
    }
    CHECK(b.used_cells() == 46);
    CHECK(b.group_cells(0, 0) == 46);  // ingress 0, class 0
    CHECK(b.total_cells() == 100);
    CHECK(b.shared_cells() == 100);
}

TEST_CASE("with alpha 1 one congested queue settles at half the shared pool: 50 of 100 cells", "[switch][buffer]") {
    // 1-cell frames, one queue, q cells held: admitted while q + 1 <= alpha x (100 - q).
    //   alpha 1:   2q <= 99     -> the last admission is at q = 49 -> 50 cells (50 frames)
    //   alpha 2:   3q <= 199    -> q = 66 admits           -> 67 cells
    //   alpha 0.5: 1.5q <= 49   -> q = 32 admits           -> 33 cells
    // (alpha / (1 + alpha) of the pool: 50, 66.7, 33.3.) The next frame is queue_threshold:
    // the pool itself still has room.
    const std::vector<std::pair<double, int>> alpha_cells{{1.0, 50}, {2.0, 67}, {0.5, 33}};
    for (const auto& [alpha, cells] : alpha_cells) {
        CAPTURE(alpha);
        SharedBuffer b(buffer_config(2, 100, alpha));
        DropReason reason = DropReason::count;
        CHECK(fill(b, 256, 0, 1, 0, reason) == cells);
        CHECK(reason == DropReason::queue_threshold);
        CHECK(b.used_cells() == cells);
    }
}

TEST_CASE("with alpha 1 a queue of 6-cell frames stops at 48 cells of 100", "[switch][buffer]") {
    // 1500 B = 6 cells. Admitted while q + 6 <= 100 - q, i.e. q <= 47: q = 0, 6, ..., 42
    // admit (8 frames), at q = 48: 54 > 52 -> queue_threshold.
    SharedBuffer b(buffer_config(2, 100, 1.0));
    DropReason reason = DropReason::count;
    CHECK(fill(b, 1500, 0, 1, 0, reason) == 8);
    CHECK(reason == DropReason::queue_threshold);
    CHECK(b.used_cells() == 48);
    // A 1-cell frame still fits under the same queue's threshold: 48 + 1 <= 52.
    Packet small = frame(64, 0, 1);
    CHECK(b.admit(small, 0, reason));
    CHECK(b.used_cells() == 49);
}

TEST_CASE("with alpha 1 two congested queues settle at 34 and 33 cells of 100", "[switch][buffer]") {
    // 1-cell frames, alternately to queue A (egress 0) and B (egress 1), both at k cells:
    // A admits while k + 1 <= 100 - 2k, i.e. k <= 33: A reaches 34 at k = 33. Then B:
    // 34 <= 100 - 67 = 33 fails, and A: 35 <= 33 fails. B/3 = 33.3 each, as
    // alpha x B / (1 + N alpha) predicts.
    SharedBuffer b(buffer_config(2, 100, 1.0));
    int a_cells = 0, b_cells = 0;
    DropReason reason_a = DropReason::count, reason_b = DropReason::count;
    bool a_open = true, b_open = true;
    while (a_open || b_open) {
        if (a_open) {
            Packet p = frame(256, 0, 0);
            if (b.admit(p, 0, reason_a)) ++a_cells; else a_open = false;
        }
        if (b_open) {
            Packet p = frame(256, 0, 1);
            if (b.admit(p, 1, reason_b)) ++b_cells; else b_open = false;
        }
    }
    CHECK(a_cells == 34);
    CHECK(b_cells == 33);
    CHECK(reason_a == DropReason::queue_threshold);
    CHECK(reason_b == DropReason::queue_threshold);
    CHECK(b.used_cells() == 67);
    // Each traffic class of a port is its own queue: class 5 to egress 0 starts at 0 cells,
    // 1 <= 100 - 67 = 33.
    Packet other_class = frame(256, 5, 0);
    CHECK(b.admit(other_class, 0, reason_a));
}

TEST_CASE("a frame the shared pool cannot hold is buffer_full whatever the threshold", "[switch][buffer]") {
    // alpha 1024: the threshold 1024 x free never binds before the pool is full.
    SharedBuffer b(buffer_config(2, 100, 1024));
    DropReason reason = DropReason::count;
    // 97 one-cell frames: 97 cells. A 6-cell frame needs 103 > 100: buffer_full, nothing
    // charged. A 3-cell frame (768 B) fits exactly: 100.
    for (int i = 0; i < 97; ++i) {
        Packet p = frame(64, 0, 1);
        REQUIRE(b.admit(p, 0, reason));
    }
    Packet big = frame(1500, 0, 1);
    CHECK_FALSE(b.admit(big, 0, reason));
    CHECK(reason == DropReason::buffer_full);
    CHECK(b.used_cells() == 97);
    Packet three = frame(768, 0, 1);
    REQUIRE(three.cells == 3);
    CHECK(b.admit(three, 0, reason));
    CHECK(b.used_cells() == 100);
    // Full: any frame, to any queue, is buffer_full.
    Packet one = frame(64, 7, 0);
    CHECK_FALSE(b.admit(one, 1, reason));
    CHECK(reason == DropReason::buffer_full);
}

TEST_CASE("a queue's reservation is used before the shared pool and the threshold counts only shared cells", "[switch][buffer]") {
    // 4 reserved cells per (egress, class) queue: 2 ports x 8 classes x 4 = 64 reserved,
    // 164 cells in all -> 100 shared.
    SharedBuffer b(buffer_config(2, 164, 1.0, 4));
    CHECK(b.total_cells() == 164);
    CHECK(b.shared_cells() == 100);
    DropReason reason = DropReason::count;
    // 1-cell frames to one queue: the first 4 go to the reservation, then the queue's
    // shared part grows to 50 (as without a reservation), 54 cells in all.
    std::vector<int> pools;
    while (true) {
        Packet p = frame(64, 2, 1);
        if (!b.admit(p, 0, reason)) break;
        pools.push_back(p.buffer_pool);
        REQUIRE(pools.size() < 1000);
    }
    REQUIRE(pools.size() == 54);
    for (size_t i = 0; i < pools.size(); ++i) {
        CAPTURE(i);
        CHECK(pools[i] == (i < 4 ? SharedBuffer::reserved : SharedBuffer::shared));
    }
    CHECK(reason == DropReason::queue_threshold);
    CHECK(b.used_cells() == 54);
}

TEST_CASE("a frame too big for the rest of its reservation goes whole to the shared pool", "[switch][buffer]") {
    // 4 reserved cells: a 6-cell frame does not fit (0 + 6 > 4) -> shared; a 3-cell frame
    // then fits (3 <= 4) -> reserved; a 1-cell frame fills it (4) -> reserved; the next
    // 1-cell frame (5 > 4) -> shared.
    SharedBuffer b(buffer_config(2, 164, 1.0, 4));
    DropReason reason = DropReason::count;
    const std::vector<std::pair<uint32_t, int>> bytes_pool{
        {1500, SharedBuffer::shared}, {768, SharedBuffer::reserved}, {64, SharedBuffer::reserved}, {64, SharedBuffer::shared}};
    for (const auto& [bytes, pool] : bytes_pool) {
        CAPTURE(bytes);
        Packet p = frame(bytes, 0, 0);
        REQUIRE(b.admit(p, 1, reason));
        CHECK(p.buffer_pool == pool);
    }
    CHECK(b.used_cells() == 6 + 3 + 1 + 1);
}

TEST_CASE("a buffer whose reservations and headroom leave no shared cell is a configuration error", "[switch][buffer]") {
    // 2 ports x 8 classes x 4 reserved cells = 64: 64 cells leave 0 shared, 65 leave 1.
    CHECK_THROWS_AS(SharedBuffer(buffer_config(2, 64, 1.0, 4)), ConfigError);
    CHECK(SharedBuffer(buffer_config(2, 65, 1.0, 4)).shared_cells() == 1);
    // With class 3 lossless: 2 ports x 1 class x 10 headroom cells = 20: 20 cells leave 0.
    CHECK_THROWS_AS(SharedBuffer(lossless_config(20, 1.0)), ConfigError);
    CHECK(SharedBuffer(lossless_config(21, 1.0)).shared_cells() == 1);
}

TEST_CASE("release returns exactly what admit took, from each pool", "[switch][buffer]") {
    // Reservation 4, class 3 lossless (XOFF 20, headroom 10): 2 x 8 x 4 = 64 reserved,
    // 2 x 10 = 20 headroom, 184 cells -> 100 shared.
    SwitchConfig c = lossless_config(184, 1.0);
    c.reserved_cells = 4;
    SharedBuffer b(c);
    REQUIRE(b.shared_cells() == 100);
    DropReason reason = DropReason::count;
    // Lossless class 3, ingress 0 -> egress 1: 4 into the queue's reservation, then the
    // group (ingress 0, class 3) goes shared while group + 1 <= 20 (16 more), then 10 into
    // headroom; the next is pfc_headroom_overflow.
    std::vector<BufferCharge> lossless;
    while (true) {
        Packet p = frame(256, 3, 1);
        if (!b.admit(p, 0, reason)) break;
        lossless.push_back(SharedBuffer::charge_of(p, 0));
        REQUIRE(lossless.size() < 1000);
    }
    CHECK(lossless.size() == 4 + 16 + 10);
    CHECK(reason == DropReason::pfc_headroom_overflow);
    // Lossy class 0, ingress 1 -> egress 0: 4 reserved, then shared while
    // q + 1 <= 100 - 16 - q (the lossless group holds 16 shared cells): q <= 41.5 -> 42.
    std::vector<BufferCharge> lossy;
    while (true) {
        Packet p = frame(256, 0, 0);
        if (!b.admit(p, 1, reason)) break;
        lossy.push_back(SharedBuffer::charge_of(p, 1));
        REQUIRE(lossy.size() < 1000);
    }
    CHECK(lossy.size() == 4 + 42);
    CHECK(reason == DropReason::queue_threshold);
    CHECK(b.used_cells() == 30 + 46);
    CHECK(b.group_cells(0, 3) == 30);
    CHECK(b.group_cells(1, 0) == 46);

    // Release one frame of each pool and admit the same again: each lands where it left.
    // Shared lossy release: q = 41, 57 shared used; 42 <= 100 - 57 = 43 admits, then
    // 43 <= 42 does not.
    REQUIRE(lossy.back().pool == SharedBuffer::shared);
    b.release(lossy.back());
    Packet again = frame(256, 0, 0);
    CHECK(b.admit(again, 1, reason));
    CHECK(again.buffer_pool == SharedBuffer::shared);
    lossy.back() = SharedBuffer::charge_of(again, 1);
    Packet refused = frame(256, 0, 0);
    CHECK_FALSE(b.admit(refused, 1, reason));
    CHECK(reason == DropReason::queue_threshold);
    // Reserved lossy release: 3 of 4 reserved cells held, the next frame goes there.
    REQUIRE(lossy.front().pool == SharedBuffer::reserved);
    b.release(lossy.front());
    Packet to_reserve = frame(256, 0, 0);
    CHECK(b.admit(to_reserve, 1, reason));
    CHECK(to_reserve.buffer_pool == SharedBuffer::reserved);
    lossy.front() = SharedBuffer::charge_of(to_reserve, 1);
    // Headroom release: group at 29, 29 + 1 > 20 -> headroom again (9 + 1 <= 10), then overflow.
    REQUIRE(lossless.back().pool == SharedBuffer::headroom);
    b.release(lossless.back());
    CHECK(b.group_cells(0, 3) == 29);
    Packet to_headroom = frame(256, 3, 1);
    CHECK(b.admit(to_headroom, 0, reason));
    CHECK(to_headroom.buffer_pool == SharedBuffer::headroom);
    lossless.back() = SharedBuffer::charge_of(to_headroom, 0);
    Packet overflow = frame(256, 3, 1);
    CHECK_FALSE(b.admit(overflow, 0, reason));
    CHECK(reason == DropReason::pfc_headroom_overflow);
    CHECK(b.used_cells() == 76);

    // Everything released, in an order unlike admission's (odd indices, then even): empty.
    std::vector<BufferCharge> all(lossless);
    all.insert(all.end(), lossy.begin(), lossy.end());
    for (size_t i = 1; i < all.size(); i += 2) b.release(all[i]);
    for (size_t i = 0; i < all.size(); i += 2) b.release(all[i]);
    CHECK(b.used_cells() == 0);
    CHECK(b.group_cells(1, 0) == 0);
    CHECK(b.group_cells(0, 3) == 0);
    // And the buffer behaves as new: the lossy queue takes 4 reserved + 50 shared (alpha 1).
    CHECK(fill(b, 256, 0, 0, 1, reason) == 54);
    CHECK(reason == DropReason::queue_threshold);
}

TEST_CASE("lossless frames fill the shared pool to XOFF, then the group's headroom, then are pfc_headroom_overflow", "[switch][buffer][pfc]") {
    // 120 cells, 20 headroom (2 ports x 10) -> 100 shared. 1-cell class-3 frames from
    // ingress 0: shared while group + 1 <= 20 (20 frames), headroom while headroom + 1 <= 10
    // (10 frames), the 31st is dropped.
    SharedBuffer b(lossless_config(120, 1.0));
    CHECK(b.xoff_cells() == 20);
    CHECK(b.headroom_cells_per_group() == 10);
    CHECK(b.shared_cells() == 100);
    CHECK(b.lossless(3));
    CHECK_FALSE(b.lossless(0));
    DropReason reason = DropReason::count;
    std::vector<int> pools;
    while (true) {
        Packet p = frame(64, 3, 1);
        if (!b.admit(p, 0, reason)) break;
        pools.push_back(p.buffer_pool);
        REQUIRE(pools.size() < 1000);
    }
    REQUIRE(pools.size() == 30);
    for (size_t i = 0; i < pools.size(); ++i) {
        CAPTURE(i);
        CHECK(pools[i] == (i < 20 ? SharedBuffer::shared : SharedBuffer::headroom));
    }
    CHECK(reason == DropReason::pfc_headroom_overflow);
    CHECK(b.group_cells(0, 3) == 30);
    // The group of ingress 1 has its own XOFF and headroom: 20 shared (the pool holds
    // 20 + 20 = 40 of 100) and 10 headroom.
    int other_group = 0;
    while (true) {
        Packet p = frame(64, 3, 1);
        if (!b.admit(p, 1, reason)) break;
        ++other_group;
        REQUIRE(other_group < 1000);
    }
    CHECK(other_group == 30);
    CHECK(b.used_cells() == 60);
}

TEST_CASE("a lossless multi-cell frame that would pass XOFF goes whole into headroom", "[switch][buffer][pfc]") {
    // 6-cell frames (1500 B), XOFF 20, headroom 10: group 0 -> 6 -> 12 -> 18 in the shared
    // pool, the 4th (18 + 6 = 24 > 20) into headroom (6 of 10), the 5th (6 + 6 = 12 > 10) is
    // dropped although the headroom has 4 cells free.
    SharedBuffer b(lossless_config(120, 1.0));
    DropReason reason = DropReason::count;
    const std::vector<int> expected{SharedBuffer::shared, SharedBuffer::shared, SharedBuffer::shared, SharedBuffer::headroom};
    for (size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        Packet p = frame(1500, 3, 0);
        REQUIRE(b.admit(p, 1, reason));
        CHECK(p.buffer_pool == expected[i]);
    }
    Packet p = frame(1500, 3, 0);
    CHECK_FALSE(b.admit(p, 1, reason));
    CHECK(reason == DropReason::pfc_headroom_overflow);
    CHECK(b.group_cells(1, 3) == 24);
    // A 4-cell frame (1024 B) still fits the headroom: 6 + 4 = 10.
    Packet four = frame(1024, 3, 0);
    CHECK(b.admit(four, 1, reason));
    CHECK(four.buffer_pool == SharedBuffer::headroom);
}

TEST_CASE("lossless frames are not held to the dynamic threshold, only to XOFF", "[switch][buffer][pfc]") {
    // XOFF 20480 B = 80 cells. With alpha 1 a lossy queue stops at 50 of 100 shared cells,
    // a lossless queue goes on to 80 shared, then 10 headroom.
    SwitchConfig c = lossless_config(120, 1.0);
    c.pfc.xoff_bytes = 20480;
    SharedBuffer b(c);
    REQUIRE(b.xoff_cells() == 80);
    DropReason reason = DropReason::count;
    int shared = 0, headroom = 0;
    while (true) {
        Packet p = frame(64, 3, 1);
        if (!b.admit(p, 0, reason)) break;
        (p.buffer_pool == SharedBuffer::shared ? shared : headroom) += 1;
        REQUIRE(shared + headroom < 1000);
    }
    CHECK(shared == 80);
    CHECK(headroom == 10);
    CHECK(reason == DropReason::pfc_headroom_overflow);
    // The lossy queue of class 0 on the same egress now sees 20 free shared cells: it takes
    // q + 1 <= 20 - q -> q <= 9.5 -> 10 frames.
    CHECK(fill(b, 64, 0, 1, 0, reason) == 10);
    CHECK(reason == DropReason::queue_threshold);
}

TEST_CASE("a lossless frame goes to headroom when the shared pool is full, even below XOFF", "[switch][buffer][pfc]") {
    // alpha 1024: lossy class 0 (ingress 1 -> egress 0) fills all 100 shared cells. A
    // lossless frame of group (0, 3) with 0 cells (1 <= 20) finds the pool full:
    // headroom. 10 of them, the 11th overflows.
    SharedBuffer b(lossless_config(120, 1024));
    DropReason reason = DropReason::count;
    CHECK(fill(b, 64, 0, 0, 1, reason) == 100);
    CHECK(reason == DropReason::buffer_full);
    for (int i = 0; i < 10; ++i) {
        Packet p = frame(64, 3, 1);
        REQUIRE(b.admit(p, 0, reason));
        CHECK(p.buffer_pool == SharedBuffer::headroom);
    }
    Packet p = frame(64, 3, 1);
    CHECK_FALSE(b.admit(p, 0, reason));
    CHECK(reason == DropReason::pfc_headroom_overflow);
    CHECK(b.group_cells(0, 3) == 10);
    CHECK(b.used_cells() == 110);
}

TEST_CASE("a lossless group's departures free its headroom first, so its next pause has all of it", "[switch][buffer][pfc]") {
    // 120 cells: XOFF 20, headroom 10, XON 11 cells per group. Ingress 0, class 3: 20 frames
    // to egress 0 fill the group to XOFF (shared), 10 more to egress 1 go into its headroom.
    // Egress 0 drains its 20 while egress 1 (paused downstream, say) holds its 10: the group
    // is at 10 cells, below XON, and its partner resumes. Its cells are all below XOFF now,
    // so its headroom is free: the next burst fits 10 more in shared and 10 in headroom
    // before the 21st overflows. (Had the headroom stayed with the frames that entered it,
    // the burst would overflow after 10: a lossless class dropping.)
    SharedBuffer b(lossless_config(120, 1.0));
    DropReason reason = DropReason::count;
    std::vector<BufferCharge> drained, held;
    for (int i = 0; i < 30; ++i) {
        Packet p = frame(64, 3, i < 20 ? 0 : 1);
        REQUIRE(b.admit(p, 0, reason));
        (i < 20 ? drained : held).push_back(SharedBuffer::charge_of(p, 0));
    }
    CHECK(held.front().pool == SharedBuffer::headroom);
    for (const BufferCharge& c : drained) b.release(c);
    CHECK(b.group_cells(0, 3) == 10);
    int burst = 0;
    std::vector<BufferCharge> next;
    while (true) {
        Packet p = frame(64, 3, 0);
        if (!b.admit(p, 0, reason)) break;
        next.push_back(SharedBuffer::charge_of(p, 0));
        REQUIRE(++burst < 1000);
    }
    CHECK(burst == 20);
    CHECK(reason == DropReason::pfc_headroom_overflow);
    // Everything released: empty, and the group starts over with XOFF and headroom whole.
    for (const BufferCharge& c : held) b.release(c);
    for (const BufferCharge& c : next) b.release(c);
    CHECK(b.used_cells() == 0);
    CHECK(fill(b, 64, 3, 1, 0, reason) == 30);
}
