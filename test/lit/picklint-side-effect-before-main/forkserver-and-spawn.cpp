// One executor starts a fork server, one spawns: start-up code runs again in
// every spawned worker, which the message names (the larger effect).
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: initializer of 'banner' runs again in every spawned worker and writes to standard output

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor served({.start_method = ppx::StartMethod::Forkserver});
  ppx::ProcessPoolExecutor spawned({.max_workers = 2});
}
