// An executor at namespace scope: under spawn every worker constructs it
// again while it starts, before ppx::init can turn it into a worker.
#include <ppx/ppx.hpp>

#include <cstdio>

int square(int x) { return x * x; }

ppx::ProcessPoolExecutor pool(ppx::Options{.max_workers = 2});

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  try {
    std::printf("%d\n", pool.submit(square, 3).get());
  } catch (const ppx::BrokenProcessPool& e) {
    std::printf("BrokenProcessPool: %s\n", e.what());
    return 3;
  }
  return 0;
}
