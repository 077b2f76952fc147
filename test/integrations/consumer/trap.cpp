// A banner printed at start-up: every spawned worker prints it again.
#include <ppx/ppx.hpp>

#include <cstdio>
#include <vector>

static const bool banner = [] {
  std::puts("starting up");
  return true;
}();

int square(int x) { return x * x; }

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2});
  int total = 0;
  for (int r : pool.map(square, std::vector<int>{1, 2, 3, 4})) total += r;
  std::printf("consumer: sum of squares %d\n", total);
}
