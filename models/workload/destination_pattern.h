// Where each source sends its frames.
#pragma once

#include <numeric>
#include <vector>

#include "random.h"
#include "traffic_config.h"

namespace cposim {

class DestinationPattern {
public:
    DestinationPattern(const TrafficConfig& t, int ports, uint64_t seed)
        : t_(t), ports_(ports), next_(static_cast<size_t>(ports)) {
        if (t.pattern == Pattern::permutation) {
            // A fixed random permutation (Fisher-Yates), the same for a given seed.
            permutation_.resize(static_cast<size_t>(ports));
            std::iota(permutation_.begin(), permutation_.end(), 0);
            Random rng(seed, 0xBEEF);
            for (int i = ports - 1; i > 0; --i)
                std::swap(permutation_[static_cast<size_t>(i)],
                          permutation_[rng.below(static_cast<uint32_t>(i + 1))]);
        }
        for (int i = 0; i < ports; ++i) next_[static_cast<size_t>(i)] = (i + 1) % ports;
    }

    // Does this port send at all?
    bool active(int src) const {
        if (t_.pattern != Pattern::incast) return true;
        const int offset = (src - t_.hotspot_port + ports_) % ports_;  // 0 is the target
        return offset >= 1 && offset <= t_.incast_senders;
    }

    int choose(int src, Random& rng) {
        switch (t_.pattern) {
            case Pattern::uniform: return static_cast<int>(rng.below(static_cast<uint32_t>(ports_)));
            case Pattern::permutation: return permutation_[static_cast<size_t>(src)];
            case Pattern::hotspot:
                if (rng.uniform_open0() <= t_.hotspot_fraction) return t_.hotspot_port;
                return static_cast<int>(rng.below(static_cast<uint32_t>(ports_)));
            case Pattern::incast: return t_.hotspot_port;
            case Pattern::all_to_all: {  // every other port in turn
                int& n = next_[static_cast<size_t>(src)];
                const int dst = n;
                n = (n + 1) % ports_;
                if (n == src) n = (n + 1) % ports_;
                return dst;
            }
            case Pattern::ring_allreduce: return (src + 1) % ports_;
        }
        return 0;
    }

private:
    TrafficConfig t_;
    int ports_;
    std::vector<int> permutation_;
    std::vector<int> next_;
};

}  // namespace cposim
