// The fuzzers are not SystemC programs (libFuzzer brings main()), but the SystemC library
// they link names sc_main in its own main(): this one satisfies the loader and never runs.
extern "C" int sc_main(int, char**) { return 0; }
