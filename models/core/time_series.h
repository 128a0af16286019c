// A CSV time series sampled at a fixed interval of simulated time. The model calls
// advance_to(t) before handling an event at time t; every sample point up to t is written
// with the values accumulated so far, so rows are exact at their timestamps.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "packet.h"

namespace cposim {

class TimeSeries {
public:
    // columns: names with units ("buffer_bytes", "egress_gbps"); the first column, time_ns,
    // is added. sample(row) fills one value per column at a sample point. An empty path
    // samples without writing a file (for waves).
    TimeSeries(const std::string& path, TimePs interval, std::vector<std::string> columns,
               std::function<void(TimePs, std::vector<double>&)> sample);
    ~TimeSeries();
    TimeSeries(const TimeSeries&) = delete;
    TimeSeries& operator=(const TimeSeries&) = delete;

    void advance_to(TimePs t) {
        while (next_ <= t) write_row();
    }

private:
    void write_row();
    std::FILE* out_;
    TimePs interval_, next_;
    std::vector<double> row_;
    std::function<void(TimePs, std::vector<double>&)> sample_;
};

}  // namespace cposim
