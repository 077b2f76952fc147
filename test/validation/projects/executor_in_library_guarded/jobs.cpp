// A library function that creates the executor.
#include "jobs.hpp"
#include "validate.hpp"
int square(int x) { return x * x; }
int run_jobs() {
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 6);
  validate::same(f, 36);
  return validate::finish();
}
