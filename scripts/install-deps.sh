#!/usr/bin/env bash
# Installs, from Debian's packages, everything picklint needs to build and test.
# Idempotent: when every package is already installed it returns at once.
#   LLVM_VERSION=22 scripts/install-deps.sh   to install another LLVM line.
set -euo pipefail

LLVM_VERSION="${LLVM_VERSION:-19}"
packages=(
  build-essential cmake ninja-build python3 git
  "clang-${LLVM_VERSION}" "clang-tidy-${LLVM_VERSION}"
  "libclang-${LLVM_VERSION}-dev" "libclang-cpp${LLVM_VERSION}-dev"
  "llvm-${LLVM_VERSION}-dev" "llvm-${LLVM_VERSION}-tools"
  libcereal-dev libgtest-dev libgmock-dev googletest
  libsqlite3-dev python3-jsonschema python3-yaml "libclang-rt-${LLVM_VERSION}-dev"
  pre-commit "clangd-${LLVM_VERSION}"
  # picklint-clangd links Debian's clangd, which was built with gRPC.
  libgrpc++-dev libprotobuf-dev libabsl-dev
  # StartMethod::Mpi (ppx::mpi) and its tests; mpi4py is the benchmark's anchor.
  libopenmpi-dev openmpi-bin python3-mpi4py
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
