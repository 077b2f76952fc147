#include "validate.hpp"
#define RUN_REMOTE(pool, fn, arg) (pool).submit(fn, arg)
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 5;
  auto f = RUN_REMOTE(pool, [k](int x) { return x + k; }, 1);  // expect: picklint-lambda-capture
  validate::same(f, 6);
  return validate::finish();
}
