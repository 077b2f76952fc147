#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int offset = 10;
  auto shift = [offset](int x) { return x + offset; };
  auto f = pool.submit(shift, 1);  // expect: picklint-lambda-capture
  validate::same(f, 11);
  return validate::finish();
}
