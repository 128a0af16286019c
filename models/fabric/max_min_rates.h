// Max-min fair rates of fluid flows over links, by progressive filling (Bertsekas and
// Gallager, "Data Networks", 1992, section 6.5.2): every flow's rate grows at the same pace
// until a link it uses is full; the flows on that link keep their rate, the others go on.
// A flow may spread over several paths: it puts `share` of its rate on each link it uses.
#pragma once

#include <cstdint>
#include <vector>

namespace cposim {

struct FlowUse {
    uint32_t link;
    double share;  ///< fraction of the flow's rate on this link (1: all of it)
};

/// capacity[l]: link l's capacity; flows[f]: the links flow f uses. Returns each flow's rate,
/// in capacity's unit.
std::vector<double> max_min_rates(const std::vector<double>& capacity, const std::vector<const std::vector<FlowUse>*>& flows);

}  // namespace cposim
