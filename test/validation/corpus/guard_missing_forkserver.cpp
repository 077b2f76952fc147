// No worker guard, and a fork server: the server runs main again, creates
// the executor there, and stops; the pool breaks.
#include "validate.hpp"
int square(int x) { return x * x; }
int main() {  // expect: picklint-missing-worker-guard
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Forkserver});
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
