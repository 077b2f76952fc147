#include "app.hpp"
#include "validate.hpp"
static int square(int x) { return x * x; }
int compute(int n) {
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, n);
  validate::same(f, n * n);
  return validate::failures ? -1 : n * n;
}
