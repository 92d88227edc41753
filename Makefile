# Thin wrapper over CMake. `make demo` and `make test` do all the set-up on a fresh Debian 12.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all bootstrap configure build demo test test-asan bench bench-paper bench-rem bench-diffusion fuzz clean

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

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in a build of its own.
# Run it after changing memory handling, the C API, file readers or the catalog; `make test`
# does not include it (the instrumented build takes about 25 minutes on 2 cores, the suite about
# twice its normal time). tests/sanitizers/ holds the options and the leak suppressions (leaks
# inside LibTorch's and OpenMP's own start-up, which we cannot free).
ASAN_BUILD ?= build-asan
test-asan: bootstrap
	@test -f $(ASAN_BUILD)/CMakeCache.txt || cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DLETHE_SANITIZE=ON -DLETHE_BUILD_BENCH=OFF
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=$$(cat ../tests/sanitizers/asan.options) \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS)

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

# SalUn for generators: a class-conditional DDPM trained on full Fashion-MNIST (about half an
# hour on 2 cores), a judge cnn, then FORGET CLASS 'Sneaker' by retrain (another half hour),
# salun, ga and ft: ua_gen, fid, acc_gen, cost, and before / after sample grids. The models stay
# in $(BUILD)/diffusion.db, so a rerun repeats only the unlearning.
bench-diffusion: configure
	cmake --build $(BUILD) -j$(JOBS) --target diffusion
	$(BUILD)/bench/diffusion --catalog $(BUILD)/diffusion.db --out bench/results

# libFuzzer on text -> parse -> bind (tests/fuzz/) in a clang build of its own with ASan and
# UBSan, holding only the torch-free libraries (-DLETHE_FUZZ=ON); `make test` does not need it.
# The seeds are the statements of tests/sql/*.test and the inputs of tests/fuzz/regressions/;
# what the fuzzer adds stays in $(FUZZ_BUILD)/corpus, a crashing input goes to
# $(FUZZ_BUILD)/artifacts/ and the target fails.
# Budget: the issue asks for 1,000,000 inputs without a crash, so the run stops after
# FUZZ_RUNS inputs. Measured on a 2-core machine: one fuzzer process runs about 1,800 inputs/s
# with a core to itself, 750/s on average while a parallel build shared the cores (1,000,000
# inputs in 1,336 s, 0 crashes): 10 to 25 minutes. FUZZ_TIME only caps a much slower machine
# (it still reaches 1,000,000 at 420 inputs/s). FUZZ_RUNS=100000 for a quick look.
FUZZ_BUILD ?= build-fuzz
FUZZ_RUNS ?= 1000000
FUZZ_TIME ?= 2400
fuzz: bootstrap
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DLETHE_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target parse_bind_fuzzer
	@rm -rf $(FUZZ_BUILD)/seeds && tests/fuzz/make_corpus.sh $(FUZZ_BUILD)/seeds
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	$(FUZZ_BUILD)/tests/fuzz/parse_bind_fuzzer -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_TIME) -max_len=4096 \
	  -timeout=10 -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/ $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds

clean:
	rm -rf $(BUILD)
