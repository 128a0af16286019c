// A registry of named implementations of one kind of block (forwarding pipelines, queueing
// fabrics, PHYs): the configuration names one, the builder asks the registry for it, and a
// user adds one by registering it (before the parameters are declared, so that its name is
// an accepted value). No if/else chain has to learn about it.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cposim {

template <class Factory>
class Registry {
public:
    struct Entry {
        Factory make;
        std::string doc;  ///< one line, for `cposim params`
    };

    explicit Registry(std::string what) : what_(std::move(what)) {}

    void add(const std::string& name, Factory make, const std::string& doc) {
        if (!entries_.emplace(name, Entry{std::move(make), doc}).second)
            throw std::logic_error(what_ + " '" + name + "' registered twice");
        order_.push_back(name);
    }
    bool has(const std::string& name) const { return entries_.count(name) != 0; }
    // The entry of `name`; std::out_of_range naming the registered ones if there is none.
    const Entry& at(const std::string& name) const {
        const auto it = entries_.find(name);
        if (it == entries_.end()) throw std::out_of_range("no " + what_ + " named '" + name + "' (registered: " + list() + ")");
        return it->second;
    }
    const std::vector<std::string>& names() const { return order_; }  ///< in registration order
    std::string list() const {
        std::string s;
        for (const auto& n : order_) s += (s.empty() ? "" : ", ") + n;
        return s;
    }

private:
    std::string what_;
    std::map<std::string, Entry> entries_;
    std::vector<std::string> order_;
};

}  // namespace cposim
