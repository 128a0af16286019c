// The VCD writer: changes in time order are written as they come; late ones (within the
// allowed lateness) are spliced into their place; one later than that is an inconsistency;
// the file is PATH.partial until close() puts it into place.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "errors.h"
#include "run_cposim.h"
#include "vcd_writer.h"

namespace {
std::string body_of(const std::string& path) {  // the text after $dumpvars ... $end
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string all = ss.str();
    return all.substr(all.find("$end\n", all.find("$dumpvars")) + 5);
}
}  // namespace

TEST_CASE("VCD: late changes within the lateness go into their place in time", "[vcd]") {
    const std::string path = temp_path("late.vcd");
    {
        cposim::VcdWriter w(path);
        w.set_lateness(100);
        const int a = w.add_variable("top", "a", 8), b = w.add_variable("top.sub", "b", 1);
        w.change(a, 10, 1);
        w.change(a, 30, 2);
        w.change(a, 50, 3);
        w.change(b, 20, 1);  // between 10 and 30: a timestamp of its own
        w.change(b, 30, 0);  // at an existing timestamp: after what is there
        w.change(b, 40, 0);  // the same value again: nothing to write
        w.change(b, 45, 1);
        w.close();
    }
    CHECK(body_of(path) == "#10\nb1 !\n#20\n1\"\n#30\nb10 !\n0\"\n#45\n1\"\n#50\nb11 !\n");
}

TEST_CASE("VCD: a change later than the lateness is a model inconsistency", "[vcd]") {
    cposim::VcdWriter w(temp_path("too_late.vcd"));
    w.set_lateness(100);
    const int a = w.add_variable("top", "a", 8), b = w.add_variable("top", "b", 8);
    w.change(a, 1000, 1);
    CHECK_NOTHROW(w.change(b, 950, 1));
    CHECK_THROWS_AS(w.change(b, 899, 2), cposim::ModelInconsistency);
}

TEST_CASE("VCD: the file is PATH.partial until it is closed", "[vcd]") {
    const std::string path = temp_path("partial.vcd");
    {
        cposim::VcdWriter w(path);
        w.change(w.add_variable("top", "a", 8), 10, 1);
    }  // destroyed without close(): as a killed run would leave it
    CHECK_FALSE(std::ifstream(path).good());
    CHECK(std::ifstream(path + ".partial").good());
    std::remove((path + ".partial").c_str());
}
