// The trap: a banner printed at start-up. With the spawn start method every
// worker re-runs the program's start-up, so it prints once per worker too.
#include <ppx/ppx.hpp>

#include <cstdio>

static const bool banner = [] {
  std::puts("I am running!");
  return true;
}();

int square(int x) { return x * x; }

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2});
  int total = 0;
  for (int r : pool.map(square, std::vector<int>{1, 2, 3, 4})) total += r;
  std::printf("sum of squares: %d\n", total);
}
