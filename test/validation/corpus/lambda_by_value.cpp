#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 3;
  auto f = pool.submit([k](int x) { return x * k; }, 14);  // expect: picklint-lambda-capture
  validate::same(f, 42);
  return validate::finish();
}
