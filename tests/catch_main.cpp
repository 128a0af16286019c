// The Catch2 runner for cposim_tests. Simulation tests start the cposim program as a
// child process, so this runner never elaborates SystemC itself.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <systemc>

extern "C" int sc_main(int argc, char* argv[]) { return Catch::Session().run(argc, argv); }
