#include "max_min_rates.h"

#include <algorithm>
#include <limits>

namespace cposim {

std::vector<double> max_min_rates(const std::vector<double>& capacity, const std::vector<const std::vector<FlowUse>*>& flows) {
    const size_t F = flows.size();
    std::vector<double> rate(F, 0.0), left = capacity, load(capacity.size(), 0.0);
    std::vector<uint8_t> frozen(F, 0);
    std::vector<uint32_t> touched;  // links some unfrozen flow uses
    size_t unfrozen = F;
    while (unfrozen > 0) {
        for (uint32_t l : touched) load[l] = 0;
        touched.clear();
        for (size_t f = 0; f < F; ++f)
            if (!frozen[f])
                for (const FlowUse& u : *flows[f]) {
                    if (load[u.link] == 0) touched.push_back(u.link);
                    load[u.link] += u.share;
                }
        double step = std::numeric_limits<double>::infinity();
        for (uint32_t l : touched) step = std::min(step, left[l] / load[l]);
        if (touched.empty() || step == std::numeric_limits<double>::infinity()) break;  // flows on no link
        for (size_t f = 0; f < F; ++f)
            if (!frozen[f]) rate[f] += step;
        for (uint32_t l : touched) left[l] -= step * load[l];
        // Freeze the flows on the links just filled.
        for (size_t f = 0; f < F; ++f) {
            if (frozen[f]) continue;
            for (const FlowUse& u : *flows[f])
                if (left[u.link] <= 1e-9 * capacity[u.link]) {
                    frozen[f] = 1;
                    --unfrozen;
                    break;
                }
        }
    }
    return rate;
}

}  // namespace cposim
