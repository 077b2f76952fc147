#include <ppx/ppx.hpp>

int times(int x, int k) { return x * k; }

int scaled(ppx::ProcessPoolExecutor &pool, int k) {
  return pool.submit(times, 2, k).get();
}
