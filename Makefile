# Convenience entry points; CMake does the building. Each target installs what is missing
# (scripts/install-deps.sh, idempotent) and configures the build tree on first use.
#   make run    build and run the default scenario, configs/cpo-51t2.yaml (report in reports/,
#               waves in waves/); another: make run SCENARIO=configs/pluggable-51t2.yaml
#   make test   build and run the test suite (the long regressions: make test-long)
BUILD ?= build
JOBS ?= 2
SCENARIO ?= configs/cpo-51t2.yaml
NAME ?= $(basename $(notdir $(SCENARIO)))

.PHONY: all deps build run test test-long clean

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

test-long: build
	cd $(BUILD) && ctest -j $(JOBS) -L long --output-on-failure

clean:
	rm -rf $(BUILD)
