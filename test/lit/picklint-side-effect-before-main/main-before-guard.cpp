// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <chrono>
#include <cstdio>

int main(int argc, char **argv) {
  auto start = std::chrono::steady_clock::now(); // reading a clock: no effect
  std::printf("starting\n");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: statement before ppx::init runs again in every spawned worker and writes to standard output; move it after ppx::init [picklint-side-effect-before-main]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the worker guard is here
  ppx::init(argc, argv);
  std::printf("after\n");
  (void)start;
}
