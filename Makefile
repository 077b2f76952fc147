# picklint: the two commands of the README, and the steps they are made of.
#   make demo    install what is missing, build, run picklint over examples/
#   make check   install what is missing, build, run the whole test suite
BUILD        ?= build
LLVM_VERSION ?= 19
JOBS         ?= $(shell nproc)
CMAKE_FLAGS  ?=

.PHONY: all deps configure build demo check bench clean

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

bench: build
	python3 bench/compare.py --ppx $(BUILD)/bin/ppx_bench --workers 2

clean:
	rm -rf $(BUILD)
