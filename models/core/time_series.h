// A CSV time series sampled at a fixed interval of simulated time, with columns that several
// models contribute. Each model registers a sampler that fills (or adds to) its columns at a
// sample point; the model whose events order time (the switch's calendar) calls
// advance_to(t) before handling an event at time t, so every sample point up to t is taken
// with the values accumulated so far and rows are exact at their timestamps. Samplers also
// write sampled waves. A row's columns start at zero; samplers run in the order they were
// added, so a column that several add to (power) sums them in that order.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "packet.h"

namespace cposim {

class TimeSeries {
public:
    using Row = std::vector<double>;
    using Sampler = std::function<void(TimePs t, Row& row)>;

    // An empty path samples without writing a file (for waves). The file is PATH.partial
    // until close() renames it: a run that does not finish leaves no CSV that looks complete.
    TimeSeries(const std::string& path, TimePs interval);
    ~TimeSeries();
    void close();
    TimeSeries(const TimeSeries&) = delete;
    TimeSeries& operator=(const TimeSeries&) = delete;

    // The index of the column `name` (with its unit, "egress_gbps"), added if new. The first
    // column, time_ns, is implicit. Declare every column before the first sample.
    int column(const std::string& name);
    void add_sampler(Sampler sampler) { samplers_.push_back(std::move(sampler)); }
    TimePs interval() const { return interval_; }

    void advance_to(TimePs t) {
        while (next_ <= t) write_row();
    }

private:
    void write_row();
    void write_header();
    std::string path_;
    bool header_written_ = false;
    std::FILE* out_ = nullptr;
    TimePs interval_, next_;
    std::vector<std::string> columns_;
    Row row_;
    std::vector<Sampler> samplers_;
};

}  // namespace cposim
