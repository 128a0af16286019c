// cposim compare: both scenarios run, the table shows their reports' numbers, a chart is drawn.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "run_cposim.h"

namespace fs = std::filesystem;

TEST_CASE("compare runs both scenarios and prints their results side by side", "[compare]") {
    // Power (with the box's system parts), temperatures, cost and energy, side by side; the
    // chart has the power and cost breakdowns.
    const std::string out = temp_path("compare");
    fs::remove_all(out);
    const auto r = run_cposim("compare " + source_path("configs/default.yaml") + " " +
                              source_path("configs/incast-pfc.yaml") +
                              " --set sim.duration_us=20 --set sim.warmup_us=2 --out " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    for (const char* name : {"default", "incast-pfc"}) {
        std::ifstream in(out + "/" + name + ".json");
        const auto report = nlohmann::json::parse(in);
        // The table shows each report's total power, as the report has it.
        CHECK_THAT(r.output, Catch::Contains(fmt::format("{:.4g}", report["power_w"]["total"].get<double>())));
    }
    CHECK_THAT(r.output, Catch::Contains("power total (W)") && Catch::Contains("energy (pJ/bit)"));
    // What the box adds, its temperatures and its cost, from each report.
    for (const char* row : {"power system (W)", "power cooling (W)", "power conversion_loss (W)", "ASIC junction (C)",
                            "optics path latency (ns)", "cost capex (USD)", "cost per Gb/s (USD)",
                            "cost energy per year (USD)", "cost TCO (USD)"})
        CHECK_THAT(r.output, Catch::Contains(row));
    for (const char* name : {"default", "incast-pfc"}) {
        std::ifstream in(out + "/" + name + ".json");
        const auto report = nlohmann::json::parse(in);
        CHECK_THAT(r.output, Catch::Contains(fmt::format("{:.4g}", report["power_w"]["system"].get<double>())));
        CHECK_THAT(r.output, Catch::Contains(fmt::format("{:.4g}", report["cost_usd"]["capex"].get<double>())));
    }
    CHECK(fs::file_size(out + "/power_breakdown.png") > 1000);
    CHECK(fs::file_size(out + "/power_breakdown.svg") > 1000);
    fs::remove_all(out);

    const auto bad = run_cposim("compare " + source_path("configs/default.yaml") + " /nonexistent.yaml");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.output, Catch::Contains("/nonexistent.yaml: cannot open"));
}
