#include "time_series.h"

#include <algorithm>
#include <stdexcept>

#include "atomic_file.h"
#include "errors.h"

namespace cposim {

TimeSeries::TimeSeries(const std::string& path, TimePs interval)
    : path_(path), out_(path.empty() ? nullptr : std::fopen(partial_path(path).c_str(), "w")), interval_(interval),
      next_(interval) {
    if (!path.empty() && !out_) throw ConfigError(path + ": cannot open CSV file for writing");
}

void TimeSeries::close() {
    if (!out_) return;
    if (!header_written_) write_header();  // a run shorter than one interval
    const bool ok = std::fflush(out_) == 0;
    std::fclose(out_);
    out_ = nullptr;
    if (!ok) throw ConfigError(path_ + ": cannot write the time series (disk full?)");
    commit_partial(path_);
}

TimeSeries::~TimeSeries() {
    if (out_) std::fclose(out_);  // not closed: it stays PATH.partial
}

void TimeSeries::write_header() {
    header_written_ = true;
    std::fprintf(out_, "time_ns");
    for (const auto& c : columns_) std::fprintf(out_, ",%s", c.c_str());
    std::fprintf(out_, "\n");
}

int TimeSeries::column(const std::string& name) {
    const auto it = std::find(columns_.begin(), columns_.end(), name);
    if (it != columns_.end()) return static_cast<int>(it - columns_.begin());
    if (header_written_ || next_ != interval_) throw std::logic_error("time-series column " + name + " added after the first sample");
    columns_.push_back(name);
    row_.push_back(0);
    return static_cast<int>(columns_.size() - 1);
}

void TimeSeries::write_row() {
    if (out_ && !header_written_) write_header();  // once the columns are known
    std::fill(row_.begin(), row_.end(), 0.0);
    for (auto& sample : samplers_) sample(next_, row_);
    if (out_) {
        std::fprintf(out_, "%.3f", static_cast<double>(next_) * 1e-3);
        for (double v : row_) std::fprintf(out_, ",%.6g", v);
        std::fprintf(out_, "\n");
    }
    next_ += interval_;
}

}  // namespace cposim
