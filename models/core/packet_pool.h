// Fixed-address pool of Packets. live() counts packets handed out and not yet released:
// at the end of a run it is the independent count of packets still in flight.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "packet.h"

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace cposim {

class PacketPool {
public:
    // Where frames wait long in large numbers and leave in an order unrelated to their
    // arrival (a crossbar's 4,096 virtual output queues holding 600 k frames), reading them
    // missed the TLB: 2 MB pages (transparent huge pages, asked for per chunk but the first) ran
    // voq_islip x1.13-1.22 and input_fifo x1.01-1.10 faster, the same reports. A 1024-GPU
    // fabric's all-to-all ran x0.93-0.95 with them (cause not found): fabrics keep 4 kB pages.
    enum class Pages { small, huge };
    explicit PacketPool(Pages pages = Pages::small) : pages_(pages) {}

    Packet* acquire() {
        Packet* p = free_;
        if (p) {
            free_ = p->next;
            if (free_) __builtin_prefetch(free_, 1);  // the next acquire's packet: long released, cold
        } else {
            p = fresh();
        }
        // A copy of a default packet, in 16-byte moves: assigning Packet{} cleared it a
        // member or 8 bytes at a time (30 instructions a frame). It is also what makes a
        // fresh packet of the raw chunk (a trivially copyable type, created by its bytes).
        std::memcpy(static_cast<void*>(p), &cleared_, sizeof(Packet));
        ++live_;
        return p;
    }
    void release(Packet* p) {
        p->next = free_;
        free_ = p;
        --live_;
    }
    int64_t live() const { return live_; }

private:
    static_assert(std::is_trivially_copyable_v<Packet> && std::is_trivially_destructible_v<Packet>,
                  "pooled packets are made by copying bytes and never destroyed");
    // A packet never handed out yet, from the newest chunk. Chunks are raw memory, each
    // packet first written when it is handed out: constructing and linking a chunk's
    // packets at once wrote memory that a growing pool (frames parked in an overloaded
    // crossbar) then missed in the cache a second time when it handed them out.
    [[gnu::noinline]] Packet* fresh() {
        if (fresh_ == fresh_end_) {
            void* raw = std::aligned_alloc(chunk_bytes, chunk_bytes);
            if (!raw) throw std::bad_alloc();
#ifdef __linux__
            // Not the first chunk: a huge page is cleared whole when first touched (~0.3 ms,
            // a tenth of a 200 us incast run), small pages as packets reach them; the runs
            // huge pages speed up (frames parked in a crossbar) take dozens of chunks.
            if (pages_ == Pages::huge && !chunks_.empty()) madvise(raw, chunk_bytes, MADV_HUGEPAGE);
#endif
            chunks_.emplace_back(static_cast<Packet*>(raw));
            fresh_ = chunks_.back().get();
            fresh_end_ = fresh_ + chunk_bytes / sizeof(Packet);
        }
        // The packets a few acquires on, to be written: fetched now, their misses overlap
        // (past the chunk's end it fetches nothing useful, and a prefetch cannot fault).
        const uintptr_t ahead = reinterpret_cast<uintptr_t>(fresh_) + 4 * sizeof(Packet);
        __builtin_prefetch(reinterpret_cast<const void*>(ahead), 1);
        __builtin_prefetch(reinterpret_cast<const void*>(ahead + 64), 1);
        return fresh_++;
    }
    struct ChunkDelete {
        void operator()(Packet* chunk) const { std::free(chunk); }
    };
    static constexpr size_t chunk_bytes = size_t{2} << 20;  // one huge page, 16,384 packets
    const Pages pages_;
    static constexpr Packet cleared_{};
    std::vector<std::unique_ptr<Packet, ChunkDelete>> chunks_;
    Packet* free_ = nullptr;
    Packet* fresh_ = nullptr;
    Packet* fresh_end_ = nullptr;
    int64_t live_ = 0;
};

// Intrusive FIFO of packets (uses Packet::next), for queues in the switch.
class PacketFifo {
public:
    // Branch-free (conditional moves): whether a queue is empty is data, not a pattern.
    void push(Packet* p) {
        p->next = nullptr;
        Packet** link = tail_ ? &tail_->next : &head_;
        *link = p;
        tail_ = p;
        ++size_;
    }
    Packet* pop() {
        Packet* p = head_;
        head_ = p->next;
        tail_ = head_ ? tail_ : nullptr;
        --size_;
        return p;
    }
    // Empties the FIFO and returns its packets as a chain linked by Packet::next.
    Packet* take_all() {
        Packet* p = head_;
        head_ = tail_ = nullptr;
        size_ = 0;
        return p;
    }
    Packet* front() const { return head_; }
    Packet* back() const { return tail_; }
    bool empty() const { return head_ == nullptr; }
    int64_t size() const { return size_; }

private:
    Packet* head_ = nullptr;
    Packet* tail_ = nullptr;
    int64_t size_ = 0;
};

}  // namespace cposim
