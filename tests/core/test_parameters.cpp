#include <catch2/catch.hpp>

#include "all_parameters.h"
#include "errors.h"
#include "run_cposim.h"

using namespace cposim;

TEST_CASE("every parameter has a doc, a unit where it has a dimension, and a valid default",
          "[params]") {
    for (const auto& [key, spec] : parameter_registry().all()) {
        INFO(key);
        CHECK(!spec.doc.empty());
        if (spec.kind == ParamKind::real && spec.dimension != Dimension::none) CHECK(!spec.unit.empty());
        if (spec.kind == ParamKind::integer || spec.kind == ParamKind::real) {
            CHECK(spec.default_number >= spec.min);
            CHECK(spec.default_number <= spec.max);
        }
    }
}

TEST_CASE("YAML scenarios flatten to dotted keys, accept units, and --set wins", "[params]") {
    ParameterSet p(parameter_registry());
    p.load_yaml_text("switch:\n  ports: 8\n  port_speed: 1.6T\nlink.length: 2km\n", "s.yaml");
    CHECK(p.integer("switch.ports") == 8);
    CHECK(p.real("switch.port_speed") == Approx(1600));
    CHECK(p.real("link.length") == Approx(2000));
    p.apply_override("switch.port_speed=400G");
    CHECK(p.real("switch.port_speed") == Approx(400));
    CHECK(p.value("switch.port_speed").origin == "--set switch.port_speed=400G");
    CHECK(p.value("switch.ports").origin == "s.yaml:2");
}

namespace {
std::string config_error(const std::string& yaml) {
    ParameterSet p(parameter_registry());
    try {
        p.load_yaml_text(yaml, "bad.yaml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("each class of config error names the file, line and key", "[params]") {
    CHECK_THAT(config_error("switch:\n  portz: 8\n"),
               Catch::StartsWith("bad.yaml:2: switch.portz: unknown parameter"));
    CHECK_THAT(config_error("switch:\n  portz: 8\n"), Catch::Contains("switch.ports"));
    CHECK_THAT(config_error("switch:\n  ports: eight\n"),
               Catch::StartsWith("bad.yaml:2: switch.ports: expected an integer"));
    CHECK_THAT(config_error("switch:\n  ports: 8.5\n"),
               Catch::StartsWith("bad.yaml:2: switch.ports: expected an integer"));
    CHECK_THAT(config_error("\n\nswitch.port_speed: 100ns\n"),
               Catch::StartsWith("bad.yaml:3: switch.port_speed: expected a data rate") &&
                   Catch::Contains("unit 'ns'"));
    CHECK_THAT(config_error("switch.ports: 4096\n"),
               Catch::StartsWith("bad.yaml:1: switch.ports: value 4096 out of range [2, 1024]"));
    CHECK_THAT(config_error("traffic.load: 1.5\n"),
               Catch::StartsWith("bad.yaml:1: traffic.load: value 1.5") &&
                   Catch::Contains("out of range [0, 1]"));
    CHECK_THAT(config_error("switch.queueing: crossbar\n"),
               Catch::StartsWith("bad.yaml:1: switch.queueing: 'crossbar' is not one of"));
    CHECK_THAT(config_error("switch:\n  ports: [1, 2]\n"),
               Catch::StartsWith("bad.yaml:2: switch.ports: expected a value or a map"));
    CHECK_THAT(config_error("switch:\n  ports:\n"),
               Catch::StartsWith("bad.yaml:2: switch.ports: missing value"));
    CHECK_THAT(config_error("switch:\n  ports: 8\n  ports: 16\n"),
               Catch::StartsWith("bad.yaml:3: switch.ports: set twice (first on line 2)"));
    CHECK_THAT(config_error("switch: {ports: 8\n"), Catch::StartsWith("bad.yaml:") &&
                                                        Catch::Contains("malformed YAML"));
    CHECK_THAT(config_error("- a\n- b\n"), Catch::Contains("a scenario must be a map"));
}

TEST_CASE("cposim exits 2 with a precise message on bad input", "[params][cli]") {
    struct Case {
        std::string yaml, args, expect;
    };
    const Case cases[] = {
        {"switch:\n  ports: 8\n  speed: 800G\n", "", ":3: switch.speed: unknown parameter"},
        {"traffic:\n  load: 2\n", "", ":2: traffic.load: value 2"},
        {"switch.port_speed: 8 furlongs\n", "", ":1: switch.port_speed: expected a data rate"},
        {"sim: [\n", "", "malformed YAML"},
        {"switch.ports: 8\n", "--set traffic.load=0.5x", "--set traffic.load=0.5x: traffic.load"},
        {"switch.ports: 8\n", "--set nonsense", "--set: expected key=value"},
        {"sim:\n  duration_us: 5\n  warmup_us: 5\n", "", ":3: sim.warmup_us: warm-up"},
        {"switch.ports: 8\n", "--bogus-flag", "bogus"},
    };
    for (const auto& c : cases) {
        const std::string file = write_temp_file("bad.yaml", c.yaml);
        const auto r = run_cposim("run " + file + " " + c.args);
        INFO(c.yaml << c.args << "\n" << r.output);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.output, Catch::Contains(c.expect));
    }
    const auto missing = run_cposim("run /nonexistent/scenario.yaml");
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.output, Catch::Contains("/nonexistent/scenario.yaml: cannot open"));
    // A directory opens as a stream that reads nothing: it must not run the defaults.
    const auto directory = run_cposim("run " + source_path("configs"));
    CHECK(directory.exit_code == 2);
    CHECK_THAT(directory.output, Catch::Contains("configs: is a directory, not a scenario file"));
}

TEST_CASE("cposim params lists every parameter with unit, range and doc", "[params][cli]") {
    const auto r = run_cposim("params");
    REQUIRE(r.exit_code == 0);
    for (const auto& [key, spec] : parameter_registry().all()) {
        INFO(key);
        CHECK_THAT(r.output, Catch::Contains(key) && Catch::Contains(spec.doc));
    }
    CHECK_THAT(r.output, Catch::Contains("Gb/s"));
}

TEST_CASE("per-instance values reach the instance and what is inside it, the last given wins", "[params][instances]") {
    ParameterSet p(parameter_registry());
    p.load_yaml_text("phy:\n  fec_latency: 100ns\ninstances:\n  \"leaf*\":\n    phy: {fec_latency: 50ns}\n"
                     "  leaf0.phy3:\n    phy.fec_latency: 70ns\n",
                     "x.yaml");
    p.apply_override("leaf0.phy?:phy.fec_latency=60ns");
    CHECK(p.real("phy.fec_latency") == Approx(100));                                 // global
    CHECK(p.for_instance("spine0.phy3").real("phy.fec_latency") == Approx(100));     // no pattern reaches it
    CHECK(p.for_instance("leaf1").real("phy.fec_latency") == Approx(50));            // leaf*
    CHECK(p.for_instance("leaf1.phy3").real("phy.fec_latency") == Approx(50));       // inside leaf1
    CHECK(p.for_instance("leaf0.phy3").real("phy.fec_latency") == Approx(60));       // the --set came last
    CHECK(p.for_instance("leaf0.phy12").real("phy.fec_latency") == Approx(50));      // ? is one character
    CHECK_NOTHROW(p.check_instances_matched());
    const auto& o = p.overrides();
    REQUIRE(o.size() == 3);
    CHECK(o[0].value.origin == "x.yaml:5");
}

TEST_CASE("a per-instance value is checked like any other, and one that reaches nothing is an error", "[params][instances]") {
    ParameterSet p(parameter_registry());
    CHECK_THROWS_WITH(p.apply_override("switch.phy3:phy.fec_latency=3 furlongs"),
                      Catch::Contains("phy.fec_latency: expected a time"));
    CHECK_THROWS_WITH(p.apply_override("switch.phy3:phy.nonsense=1"), Catch::Contains("phy.nonsense: unknown parameter"));
    CHECK_THROWS_WITH(p.apply_override("switch phy3:phy.ber=1e-5"), Catch::Contains("expected a module name"));
    p.apply_override("switch.phy99:phy.ber=1e-5");
    (void)p.for_instance("switch.phy3");
    CHECK_THROWS_WITH(p.check_instances_matched(),
                      Catch::Contains("--set switch.phy99:phy.ber=1e-5: phy.ber: no instance of this run is named "
                                      "'switch.phy99'") &&
                          Catch::Contains("switch.phy3"));
    const auto r = run_cposim("run " + source_path("configs/default.yaml") + " --set sim.duration_us=1 "
                              "--set sim.warmup_us=0.5 --set 'switch.phy64:phy.ber=1e-5'");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("no instance of this run is named 'switch.phy64'"));
}
