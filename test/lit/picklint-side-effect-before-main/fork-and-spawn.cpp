// One executor spawns: the program re-runs its start-up in those workers.
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: initializer of 'banner' runs again in every spawned worker
int square(int x) { return x * x; }

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor forked({.start_method = ppx::StartMethod::Fork});
  ppx::Options o;
  o.max_workers = 2;
  ppx::ProcessPoolExecutor spawned(o);
}
