# picklint: the two commands of the README, and the steps they are made of.
#   make demo    install what is missing, build, run picklint over examples/
#   make check   install what is missing, build, run the whole test suite
BUILD        ?= build
LLVM_VERSION ?= 19
JOBS         ?= $(shell nproc)
CMAKE_FLAGS  ?=

.PHONY: all deps configure build demo check bench bench-ppx bench-picklint bench-mpi bench-project fuzz sanitize clean

all: build

deps:
	@LLVM_VERSION=$(LLVM_VERSION) scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DPICKLINT_LLVM_VERSION=$(LLVM_VERSION) $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	scripts/demo.sh $(BUILD)

check: build
	scripts/check.sh $(BUILD) $(JOBS)

# Side-by-side benchmarks (docs/performance.md): ppx against the raw channel
# and CPython's ProcessPoolExecutor, picklint against clang++ -fsyntax-only,
# ppx on MPI ranks against mpi4py.futures. About 8 minutes on 2 cores.
bench: bench-ppx bench-picklint bench-mpi

bench-ppx: build
	python3 bench/compare.py --ppx $(BUILD)/bin/ppx_bench --baseline $(BUILD)/bin/pipe_baseline --workers 2

bench-picklint: build
	python3 bench/picklint_bench.py --build $(BUILD) --llvm $(LLVM_VERSION)

bench-mpi: build
	@if [ -x $(BUILD)/bin/ppx_bench_mpi ]; then \
	  python3 bench/compare_mpi.py --ppx $(BUILD)/bin/ppx_bench_mpi --workers 2; \
	else echo "bench-mpi: ppx was built without MPI (install libopenmpi-dev and python3-mpi4py)"; fi

# The project view over a generated project of 200 units, against
# clang++ -fsyntax-only with the same -j (about 8 minutes on 2 cores).
bench-project: build
	python3 bench/project_bench.py --picklint $(BUILD)/bin/picklint --cxx clang++-$(LLVM_VERSION) --units 200 -j $(JOBS)

# A long run of the frames fuzzer (docs/reliability.md); its corpus is kept
# in $(BUILD)/fuzz-corpus and grows from run to run.
FUZZ_SECONDS ?= 600
fuzz: build
	python3 test/fuzz/run_fuzz.py $(BUILD)/bin/ppx_frames_fuzz --seconds $(FUZZ_SECONDS) --corpus $(BUILD)/fuzz-corpus

# The whole suite built with AddressSanitizer and UBSan (checks, tool,
# plugin, runtime, and every program the tests compile), then the runtime's
# suite with ThreadSanitizer. About an hour on 2 cores.
sanitize: deps
	cmake -S . -B $(BUILD)-asan -G Ninja -DPICKLINT_LLVM_VERSION=$(LLVM_VERSION) -DPICKLINT_SANITIZE=address,undefined $(CMAKE_FLAGS)
	cmake --build $(BUILD)-asan -j $(JOBS)
	scripts/check.sh $(BUILD)-asan $(JOBS)
	cmake -S . -B $(BUILD)-tsan -G Ninja -DPICKLINT_LLVM_VERSION=$(LLVM_VERSION) -DPICKLINT_SANITIZE=thread -DPICKLINT_BUILD_CHECKER=OFF -DPICKLINT_BUILD_EXAMPLES=OFF $(CMAKE_FLAGS)
	cmake --build $(BUILD)-tsan -j $(JOBS)
	scripts/check.sh $(BUILD)-tsan $(JOBS)

clean:
	rm -rf $(BUILD)
