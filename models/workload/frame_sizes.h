// Frame-size distributions of the traffic sources.
#pragma once

#include <cstdint>
#include <vector>

#include "random.h"
#include "traffic_config.h"

namespace cposim {

class FrameSizes {
public:
    FrameSizes(SizeMix mix, uint32_t fixed_bytes) {
        switch (mix) {
            case SizeMix::fixed: entries_ = {{fixed_bytes, 1}}; break;
            // "Simple IMIX": 7:4:1 of 64, 594 and 1518 B frames (mean 361.8 B), as used by
            // Ixia/Spirent test equipment and RFC 6985's IMIX notation.
            case SizeMix::imix: entries_ = {{64, 7}, {594, 4}, {1518, 1}}; break;
            // Assumed approximation of the bimodal packet sizes measured in data centres
            // (many small frames, many near the 1500 B MTU): Benson, Akella and Maltz,
            // "Network Traffic Characteristics of Data Centers in the Wild", IMC 2010.
            case SizeMix::datacenter: entries_ = {{64, 40}, {256, 10}, {576, 10}, {1500, 40}}; break;
        }
        uint32_t total = 0;
        for (const auto& e : entries_) total += e.weight;
        double mean = 0;
        uint32_t cumulative = 0;
        for (auto& e : entries_) {
            cumulative += e.weight;
            e.cumulative = cumulative;
            mean += static_cast<double>(e.bytes) * e.weight / total;
        }
        total_weight_ = total;
        mean_bytes_ = mean;
    }
    uint32_t sample(Random& rng) const {
        if (entries_.size() == 1) return entries_[0].bytes;
        const uint32_t u = rng.below(total_weight_);
        for (const auto& e : entries_)
            if (u < e.cumulative) return e.bytes;
        return entries_.back().bytes;
    }
    double mean_bytes() const { return mean_bytes_; }
    uint32_t max_bytes() const {
        uint32_t m = 0;
        for (const auto& e : entries_) m = e.bytes > m ? e.bytes : m;
        return m;
    }

private:
    struct Entry {
        uint32_t bytes;
        uint32_t weight;
        uint32_t cumulative = 0;
    };
    std::vector<Entry> entries_;
    uint32_t total_weight_ = 1;
    double mean_bytes_ = 0;
};

}  // namespace cposim
