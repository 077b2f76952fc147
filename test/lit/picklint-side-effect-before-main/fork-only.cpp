// Every executor of this program forks: nothing re-runs, nothing is flagged.
// RUN: %check_picklint %s picklint-side-effect-before-main %t
#include <ppx/ppx.hpp>

#include <cstdio>

static const bool banner = [] { std::puts("I am running!"); return true; }();
int square(int x) { return x * x; }

void helper() {
  ppx::Options o;
  o.start_method = ppx::StartMethod::Fork;
  ppx::ProcessPoolExecutor pool(o);
}

int main(int argc, char **argv) {
  std::printf("starting\n");
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Fork});
  pool.submit(square, 2).get();
  helper();
}
