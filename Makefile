# Convenience entry points; CMake does the building. Each target installs what is missing
# (scripts/install-deps.sh, idempotent) and configures the build tree on first use.
#   make run    build and run the default scenario, configs/cpo-51t2.yaml (report in reports/,
#               waves in waves/); another: make run SCENARIO=configs/pluggable-51t2.yaml
#   make test   build and run the test suite, then its sanitizer pass (the long regressions:
#               make test-long; the sanitizer pass alone: make test-sanitize)
BUILD ?= build
JOBS ?= 2
SCENARIO ?= configs/cpo-51t2.yaml
NAME ?= $(basename $(notdir $(SCENARIO)))

SANITIZE_BUILD ?= build-sanitize
FUZZ_SECONDS ?= 60
FUZZERS ?= parameters fault_schedule sweep_vary pipeline chakra_trace

.PHONY: all deps build run test test-long test-sanitize fuzz clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release > /dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

run: build
	@mkdir -p reports waves
	$(BUILD)/cposim run $(SCENARIO) --report reports/$(NAME).json --vcd waves/$(NAME).vcd

test: build
	cd $(BUILD) && ctest -j $(JOBS) -LE long --output-on-failure
	@$(MAKE) --no-print-directory test-sanitize
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

# The fast suite (less the RTL flows and Slurm) built with AddressSanitizer and
# UndefinedBehaviorSanitizer in a tree of its own; any finding (or leak) fails its test. The
# identity tests there also show that this build (clang, -O1) gives the same reports as
# Release (GCC, -O2). The tree is clang's so that the libFuzzer harnesses live in it too.
SANITIZE_CMAKE = cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	"-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" -DCPOSIM_SANITIZE=ON

test-sanitize: deps
	@$(SANITIZE_CMAKE) > /dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) -- --no-print-directory > $(SANITIZE_BUILD).log 2>&1 || { tail -30 $(SANITIZE_BUILD).log; exit 1; }
	cd $(SANITIZE_BUILD) && ctest -j $(JOBS) -LE "long|rtl" -E "Slurm" --output-on-failure

# libFuzzer harnesses (tests/fuzz) in the sanitizer tree, FUZZ_SECONDS each: the input
# parsers' (parameters, fault schedule, sweep values, Chakra traces) and the pipeline's (golden
# model against the RTL); make test runs 10 s of each.
fuzz: deps
	@$(SANITIZE_CMAKE) > /dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZERS)) -- --no-print-directory > $(SANITIZE_BUILD).log 2>&1 || { tail -30 $(SANITIZE_BUILD).log; exit 1; }
	@bash scripts/run-fuzzers.sh $(SANITIZE_BUILD) $(FUZZ_SECONDS) $(FUZZERS)

test-long: build
	cd $(BUILD) && ctest -j $(JOBS) -L long --output-on-failure

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(SANITIZE_BUILD).log
