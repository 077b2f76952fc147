// Submissions hidden in macros, and macros that build the callable.
#include <ppx/ppx.hpp>
#define SUBMIT(pool, ...) (pool).submit(__VA_ARGS__)
#define CAPTURE_K [k](int x) { return x + k; }
#define TASK(name) int name(int x) { return x; }
TASK(identity)
int run(ppx::ProcessPoolExecutor& pool, int k) {
  auto a = SUBMIT(pool, CAPTURE_K, 1);
  auto b = SUBMIT(pool, identity, 2);
  return a.get() + b.get();
}
