#include "validate.hpp"
#include <utility>
template <class F>
int run_remote(ppx::ProcessPoolExecutor& pool, F&& fn, int x) {
  return pool.submit(std::forward<F>(fn), x).get();
}
int twice(int x) { return 2 * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  if (run_remote(pool, twice, 4) != 8) validate::fail("wrong result");
  if (run_remote(pool, [](int x) { return x - 1; }, 4) != 3) validate::fail("wrong result");
  return validate::finish();
}
