// cposim yield as a program: identical results for any --jobs, bad input with exit 2 naming
// the key, the yield curve, and a package's weak lane in a run: FEC corrections and lost
// frames on its port only, as many uncorrectable codewords as the binomial formula expects.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fec.h"
#include "run_cposim.h"

namespace fs = std::filesystem;

namespace {

std::string fresh_dir(const std::string& stem) {
    const std::string d = temp_path(stem);
    fs::remove_all(d);
    return d;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    auto split = [](const std::string& s) {
        std::vector<std::string> out;
        std::stringstream ss(s);
        std::string cell;
        while (std::getline(ss, cell, ',')) out.push_back(cell);
        return out;
    };
    const auto header = split(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        const auto cells = split(line);
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
        rows.push_back(row);
    }
    return rows;
}

const std::string cpo = source_path("configs/cpo-51t2.yaml");

}  // namespace

TEST_CASE("cposim yield gives identical results for any --jobs", "[assembly][yield_command]") {
    const std::string a = fresh_dir("yield_jobs1"), b = fresh_dir("yield_jobs3");
    const std::string common = "yield " + cpo + " --packages 300 --no-plots --set assembly.lateral_sigma_um=0.9 --seed 5";
    const auto r1 = run_cposim(common + " --jobs 1 --out " + a);
    const auto r3 = run_cposim(common + " --jobs 3 --out " + b);
    INFO(r1.output << r3.output);
    REQUIRE(r1.exit_code == 0);
    REQUIRE(r3.exit_code == 0);
    auto j1 = nlohmann::json::parse(read_file(a + "/report.json")), j3 = nlohmann::json::parse(read_file(b + "/report.json"));
    CHECK(j1["run"]["jobs"] == 1);
    CHECK(j3["run"]["jobs"] == 3);
    j1.erase("run");  // wall time and jobs: how it ran, not what it found
    j3.erase("run");
    j1.erase("scenario");
    j3.erase("scenario");
    CHECK(j1 == j3);
    CHECK(j1["yield"]["lanes_failed"].get<int64_t>() > 0);  // a case with failures
    CHECK(j1["yield"]["package"].get<double>() < 1);
    CHECK(read_file(a + "/packages.csv") == read_file(b + "/packages.csv"));
    CHECK(read_file(a + "/alignment_loss_hist.csv") == read_file(b + "/alignment_loss_hist.csv"));
    CHECK(read_file(a + "/lane_margin_hist.csv") == read_file(b + "/lane_margin_hist.csv"));
    CHECK(read_csv(a + "/packages.csv").size() == 300u);
    // The report's yield agrees with the packages it lists, and its interval holds it.
    int good = 0;
    for (const auto& row : read_csv(a + "/packages.csv")) good += row.at("good") == "1";
    CHECK(j1["yield"]["packages_good"] == good);
    CHECK(j1["yield"]["package"].get<double>() == Approx(good / 300.0));
    CHECK(j1["yield"]["package_ci95"][0].get<double>() <= good / 300.0);
    CHECK(j1["yield"]["package_ci95"][1].get<double>() >= good / 300.0);
    CHECK(j1["alignment_loss_db"]["p99"].get<double>() <= j1["alignment_loss_db"]["max"].get<double>());
    CHECK(j1["alignment_loss_db"]["mean"].get<double>() <= j1["alignment_loss_db"]["p99"].get<double>());
}

TEST_CASE("cposim yield: bad input is exit 2 naming the key", "[assembly][yield_command]") {
    const std::string out = " --no-plots --out " + fresh_dir("yield_bad");
    struct Case {
        std::string args, names;
    };
    const Case cases[] = {
        {"--packages 0", "--packages"},
        {"--packages 10 --set assembly.lateral_sigma_um=-0.5", "assembly.lateral_sigma_um"},
        {"--packages 10 --set assembly.engine_yield=1.2", "assembly.engine_yield"},
        {"--packages 10 --set assembly.laser_yield=-0.1", "assembly.laser_yield"},
        {"--packages 10 --set assembly.tilt_sigma_deg=-1", "assembly.tilt_sigma_deg"},
        {"--packages 10 --set assembly.coupler=prism", "assembly.coupler"},
        {"--packages 10 --vary assembly.lateral_sigma_um=-1:1:0.5", "assembly.lateral_sigma_um"},
        {"--packages 10 --vary assembly.lateral_sigma_um=1,2 --vary assembly.warpage_um=1,2", "--vary"},
        {"--packages 10 --jobs 0", "--jobs"},
        {"--packages ten", "--packages"},
    };
    for (const auto& c : cases) {
        const auto r = run_cposim("yield " + cpo + " " + c.args + out);
        INFO(c.args << "\n" << r.output);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(c.names));
    }
    const auto r = run_cposim("run " + cpo + " --set assembly.package=-2");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("assembly.package"));
}

TEST_CASE("cposim yield --vary draws a yield curve", "[assembly][yield_command]") {
    const std::string out = fresh_dir("yield_curve");
    const auto r = run_cposim("yield " + cpo + " --packages 200 --jobs 2 --vary assembly.lateral_sigma_um=0.4:1.2:0.4 --out " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto curve = read_csv(out + "/yield_curve.csv");
    REQUIRE(curve.size() == 3u);
    CHECK(curve[0].at("assembly.lateral_sigma_um") == "0.4");
    CHECK(std::stod(curve[0].at("yield_package")) > std::stod(curve[2].at("yield_package")));
    CHECK(std::stod(curve[2].at("lanes_failed")) > 0);
    for (const auto& row : curve) {
        CHECK(std::stod(row.at("ci95_low")) <= std::stod(row.at("yield_package")));
        CHECK(std::stod(row.at("yield_package")) <= std::stod(row.at("ci95_high")));
    }
    for (const char* f : {"/points/0000/report.json", "/points/0002/packages.csv", "/plots/yield_curve.png",
                          "/plots/yield_curve.svg", "/report.json"})
        CHECK(fs::exists(out + f));
    // A single run draws the histograms.
    const std::string one = fresh_dir("yield_plots");
    REQUIRE(run_cposim("yield " + cpo + " --packages 20 --jobs 1 --out " + one).exit_code == 0);
    for (const char* f : {"/plots/alignment_loss.png", "/plots/alignment_loss.svg", "/plots/lane_margin.png",
                          "/plots/lane_margin.svg"})
        CHECK(fs::exists(one + f));
}

TEST_CASE("a package's weak lane shows in a run: FEC corrections and lost frames on its port only", "[assembly][yield_command]") {
    // An 8-port switch with loose alignment; find a package with one port bad enough to lose
    // frames (pre-FEC BER 1e-3 .. 4e-3) and every other port clean (< 1e-6).
    const std::string sets = " --set switch.ports=8 --set assembly.lateral_sigma_um=1.4";
    const std::string out = fresh_dir("yield_weak_lane");
    const auto y = run_cposim("yield " + cpo + sets + " --packages 400 --jobs 2 --no-plots --out " + out);
    INFO(y.output);
    REQUIRE(y.exit_code == 0);
    std::map<std::string, std::string> pick;
    for (const auto& row : read_csv(out + "/packages.csv")) {
        const double worst = std::max(std::stod(row.at("worst_port_pre_fec_ber_rx")), std::stod(row.at("worst_port_pre_fec_ber_tx")));
        if (worst > 1e-3 && worst < 4e-3 && std::stod(row.at("other_ports_max_pre_fec_ber")) < 1e-6) {
            pick = row;
            break;
        }
    }
    REQUIRE(!pick.empty());
    const int port = std::stoi(pick.at("worst_port"));
    INFO("package " << pick.at("package") << " port " << port);
    CHECK(pick.at("good") == "0");
    const auto r = run_cposim("run " + cpo + sets + " --set sim.duration_us=40 --set assembly.package=" + pick.at("package"), true);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const auto& rep = r.report;
    // The run built the same package: the same per-port BER as the Monte Carlo's.
    const auto& a = rep["assembly"]["ports"][static_cast<size_t>(port)];
    CHECK(a["pre_fec_ber_rx"].get<double>() == Approx(std::stod(pick.at("worst_port_pre_fec_ber_rx"))).epsilon(1e-9));
    CHECK(a["pre_fec_ber_tx"].get<double>() == Approx(std::stod(pick.at("worst_port_pre_fec_ber_tx"))).epsilon(1e-9));
    CHECK(rep["assembly"]["package"] == std::stoll(pick.at("package")));
    // Lost frames on that port only.
    CHECK(rep["packets"]["dropped"]["fec_uncorrectable"].get<int64_t>() + rep["phy"]["corrupted_frames"].get<int64_t>() > 0);
    for (int i = 0; i < 8; ++i) {
        const auto& p = rep["phy"]["ports"][static_cast<size_t>(i)];
        INFO("port " << i);
        if (i == port) {
            CHECK(p["fec_uncorrectable"].get<int64_t>() > 0);
            CHECK(p["corrupted_frames"].get<int64_t>() > 0);
            CHECK(p["pre_fec_ber_estimate"].get<double>() > 1e-4);
        } else {
            CHECK(p["fec_uncorrectable"].get<int64_t>() == 0);
            CHECK(p["corrupted_frames"].get<int64_t>() == 0);
        }
    }
    // As many uncorrectable codewords as the binomial formula gives for the port's BERs
    // (codewords shared equally by the two directions).
    const auto& p = rep["phy"]["ports"][static_cast<size_t>(port)];
    const cposim::Fec fec(cposim::FecKind::rs544);
    const double half = p["fec_codewords"].get<double>() / 2;
    const double expected = half * (fec.codeword_failure_probability_from_ber(a["pre_fec_ber_rx"].get<double>()) +
                                    fec.codeword_failure_probability_from_ber(a["pre_fec_ber_tx"].get<double>()));
    const double seen = p["fec_uncorrectable"].get<double>();
    INFO("uncorrectable " << seen << ", expected " << expected);
    CHECK(std::fabs(seen - expected) < 5 * std::sqrt(expected) + 1);
}
