#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int total = 0;
  auto f = pool.submit([&total](int x) { total += x; return total; }, 5);  // expect: picklint-lambda-capture
  validate::same(f, 5);
  return validate::finish();
}
