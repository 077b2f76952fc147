// A program that forgot the worker guard: main creates an executor without
// calling ppx::init first. Its spawned workers re-run main, reach the
// executor, and must stop at once (never a cascade of processes).
#include <ppx/ppx.hpp>

#include <cstdio>

int square(int x) { return x * x; }

int main() {
  ppx::ProcessPoolExecutor pool({.max_workers = 2});
  try {
    std::printf("result: %d\n", pool.submit(square, 3).get());
    return 0;
  } catch (const ppx::BrokenProcessPool& e) {
    std::printf("BrokenProcessPool: %s\n", e.what());
    return 3;
  }
}
