#include "validate.hpp"
#include <utility>
template <class F>
int run_remote(ppx::ProcessPoolExecutor& pool, F&& fn, int x) {
  return pool.submit(std::forward<F>(fn), x).get();
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 7;
  int r = run_remote(pool, [k](int x) { return x + k; }, 1);  // expect: picklint-lambda-capture
  if (r != 8) validate::fail("wrong result");
  return validate::finish();
}
