#include "validate.hpp"
int square(int x) { return x * x; }
int main(int argc, char** argv) {  // expect: picklint-missing-worker-guard
  ppx::ProcessPoolExecutor pool(validate::options());
  ppx::init(argc, argv);
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
