#include "validate.hpp"
#define RUN_REMOTE(pool, fn, arg) (pool).submit(fn, arg)
int deref(const double* p) { return (int)*p; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  double d = 2.0;
  auto f = RUN_REMOTE(pool, deref, &d);  // expect: picklint-unpicklable-argument
  validate::same(f, 2);
  return validate::finish();
}
