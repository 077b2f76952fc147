// The fix: the captured value travels as a task argument, and the function
// is a plain (top-level) function that the worker can find by reference.
#include <ppx/ppx.hpp>

#include <cstdio>

int scale(int x, int factor) { return x * factor; }

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  int factor = 3;
  auto future = pool.submit(scale, 14, factor);
  std::printf("scale(14, 3) in a worker: %d\n", future.get());
}
