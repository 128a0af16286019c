#include "plane_striping.h"

#include <algorithm>

namespace cposim {

std::vector<MessagePost> PlaneStriping::striped(const std::vector<MessagePost>& whole, TimePs shift) const {
    std::vector<MessagePost> out;
    for (const MessagePost& w : whole)
        for (uint32_t part : parts_of_[w.message]) out.push_back({part, w.after + shift});
    return out;
}

std::vector<MessagePost> PlaneStriping::delivered(uint32_t part, TimePs t) {
    const uint32_t m = whole_of_[part];
    latest_[m] = std::max(latest_[m], t);
    if (--left_[m] > 0) return {};
    // The message arrived with its latest part (parts come in time order, but the time is
    // taken from them, not from the order), and what it releases counts from then.
    return striped(inner_->delivered(m, latest_[m]), latest_[m] - t);
}

void PlaneStriping::write_summary(nlohmann::json& collective, const std::vector<TimePs>& posted,
                                  const std::vector<TimePs>& delivered) const {
    std::vector<TimePs> whole_posted(parts_of_.size(), -1), whole_delivered(parts_of_.size(), -1);
    for (size_t m = 0; m < parts_of_.size(); ++m) {
        bool all = true;
        for (uint32_t part : parts_of_[m]) {
            if (whole_posted[m] < 0 || (posted[part] >= 0 && posted[part] < whole_posted[m])) whole_posted[m] = posted[part];
            all = all && delivered[part] >= 0;
            whole_delivered[m] = std::max(whole_delivered[m], delivered[part]);
        }
        if (!all) whole_delivered[m] = -1;
    }
    inner_->write_summary(collective, whole_posted, whole_delivered);
    collective["planes"] = planes_;
}

}  // namespace cposim
