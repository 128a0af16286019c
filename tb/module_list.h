// SystemC modules owned in the order they were built, destroyed newest first. SystemC keeps
// every port and export in a registry that it searches from the newest entry when one is
// removed: a std::vector destroys its elements oldest first, so each removal scanned the
// ports of everything built after it, quadratic in a fabric's tens of thousands of sockets
// (a k = 8 fat-tree's teardown was a sixth of its set-up and teardown).
#pragma once

#include <memory>
#include <vector>

namespace cposim {

template <class Module>
class ModuleList : public std::vector<std::unique_ptr<Module>> {
public:
    ModuleList() = default;
    ModuleList(const ModuleList&) = delete;
    ModuleList& operator=(const ModuleList&) = delete;
    ~ModuleList() {
        while (!this->empty()) this->pop_back();
    }
};

}  // namespace cposim
