#include <ppx/ppx.hpp>

#include <cstdio>
#include <vector>

int square(int x) { return x * x; }

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2});
  int total = 0;
  for (int r : pool.map(square, std::vector<int>{1, 2, 3, 4})) total += r;
  std::printf("consumer: sum of squares %d\n", total);
}
