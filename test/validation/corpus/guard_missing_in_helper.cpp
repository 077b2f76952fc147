#include "validate.hpp"
int square(int x) { return x * x; }
int run_all() {
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
int main() {  // expect: picklint-missing-worker-guard
  return run_all();
}
