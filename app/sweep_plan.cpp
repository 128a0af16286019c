#include "sweep_plan.h"

#include <cmath>
#include <sstream>

#include "errors.h"

namespace cposim {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep)) out.push_back(item);
    return out;
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& arg) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size())
        throw ConfigError("--vary " + arg + ": expected key=start:stop:step or key=a,b,c");
    SweepAxis axis;
    axis.key = arg.substr(0, eq);
    const std::string spec = arg.substr(eq + 1);
    const auto parts = split(spec, ':');
    if (parts.size() == 3) {
        double start = 0, stop = 0, step = 0;
        try {
            start = parse_quantity(parts[0], Dimension::none, "");
            stop = parse_quantity(parts[1], Dimension::none, "");
            step = parse_quantity(parts[2], Dimension::none, "");
        } catch (const std::invalid_argument& e) {
            throw ConfigError("--vary " + arg + ": a range takes plain numbers: " + e.what());
        }
        if (step <= 0 || stop < start)
            throw ConfigError("--vary " + arg + ": a range needs start <= stop and step > 0");
        const double count = std::floor((stop - start) / step + 1e-9) + 1;
        if (count > 100000) throw ConfigError("--vary " + arg + ": more than 100000 values");
        for (int i = 0; i < static_cast<int>(count); ++i)
            axis.values.push_back(format_number(start + i * step));
    } else if (parts.size() == 1) {
        axis.values = split(spec, ',');
        for (const auto& v : axis.values)
            if (v.empty()) throw ConfigError("--vary " + arg + ": empty value in the list");
    } else {
        throw ConfigError("--vary " + arg + ": expected key=start:stop:step or key=a,b,c");
    }
    return axis;
}

std::vector<SweepPoint> expand_sweep(const std::string& scenario, const std::vector<SweepAxis>& axes,
                                     const std::vector<std::string>& common_sets,
                                     const ParameterRegistry& registry) {
    std::vector<SweepPoint> points(1);
    for (const auto& axis : axes) {
        std::vector<SweepPoint> next;
        for (const auto& p : points)
            for (const auto& v : axis.values) {
                SweepPoint q = p;
                q.sets.push_back(axis.key + "=" + v);
                next.push_back(q);
            }
        points = std::move(next);
    }
    for (size_t i = 0; i < points.size(); ++i) {
        points[i].index = static_cast<int>(i);
        for (const auto& s : common_sets) points[i].sets.push_back(s);
        ParameterSet check(registry);  // fail fast, naming the point and key
        check.load_yaml_file(scenario);
        for (size_t k = 0; k < points[i].sets.size(); ++k)
            check.apply_override(points[i].sets[k], k < axes.size() ? "--vary" : "--set");
    }
    return points;
}

}  // namespace cposim
