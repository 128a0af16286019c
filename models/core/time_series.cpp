#include "time_series.h"

#include "errors.h"

namespace cposim {

TimeSeries::TimeSeries(const std::string& path, TimePs interval, std::vector<std::string> columns,
                       std::function<void(TimePs, std::vector<double>&)> sample)
    : out_(path.empty() ? nullptr : std::fopen(path.c_str(), "w")), interval_(interval), next_(interval),
      row_(columns.size()), sample_(std::move(sample)) {
    if (path.empty()) return;  // sampling only (for waves), no file
    if (!out_) throw ConfigError(path + ": cannot open CSV file for writing");
    std::fprintf(out_, "time_ns");
    for (const auto& c : columns) std::fprintf(out_, ",%s", c.c_str());
    std::fprintf(out_, "\n");
}

TimeSeries::~TimeSeries() {
    if (out_) std::fclose(out_);
}

void TimeSeries::write_row() {
    sample_(next_, row_);
    if (!out_) {
        next_ += interval_;
        return;
    }
    std::fprintf(out_, "%.3f", static_cast<double>(next_) * 1e-3);
    for (double v : row_) std::fprintf(out_, ",%.6g", v);
    std::fprintf(out_, "\n");
    next_ += interval_;
}

}  // namespace cposim
