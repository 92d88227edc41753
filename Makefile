# Thin wrapper over CMake. `make demo` and `make test` do all the set-up on a fresh Debian 12.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all bootstrap configure build demo test bench bench-paper bench-rem clean

all: build

bootstrap:
	@scripts/bootstrap

configure: bootstrap
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# Trains a small model on the embedded Fashion-MNIST, forgets a class with SalUn and
# prints the metrics. The catalog stays in $(BUILD)/demo.db: `$(BUILD)/shell/lethe $(BUILD)/demo.db`.
demo: configure
	cmake --build $(BUILD) -j$(JOBS) --target lethe
	@rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	$(BUILD)/shell/lethe $(BUILD)/demo.db examples/quickstart.sql

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Quick benchmarks (a few minutes): the quickstart scenario at full size and training throughput.
bench: configure
	cmake --build $(BUILD) -j$(JOBS) --target quickstart throughput
	$(BUILD)/bench/quickstart
	$(BUILD)/bench/throughput

# The SalUn comparison table: every method, three scenarios, three seeds (about 15 minutes on cnn).
bench-paper: configure
	cmake --build $(BUILD) -j$(JOBS) --target paper_table
	$(BUILD)/bench/paper_table

# REM's task space: three corruptions x five discovery rates x eight methods, heatmaps as PNG.
bench-rem: configure
	cmake --build $(BUILD) -j$(JOBS) --target rem_grid
	$(BUILD)/bench/rem_grid

clean:
	rm -rf $(BUILD)
