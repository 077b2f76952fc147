#include "validate.hpp"
int twice(int x) { return 2 * x; }
int apply(int (*f)(int), int x) { return f(x); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(apply, twice, 3);
  validate::same(f, 6);
  auto g = pool.submit(apply, &twice, 4);
  validate::same(g, 8);
  return validate::finish();
}
