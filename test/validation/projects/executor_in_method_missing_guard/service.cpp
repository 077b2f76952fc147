// A member function of another unit creates the executor.
#include "service.hpp"
#include "validate.hpp"
static int cube(int x) { return x * x * x; }
int Service::start(int n) {
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(cube, n);
  validate::same(f, n * n * n);
  return validate::finish();
}
