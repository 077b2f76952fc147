#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int calls = 0;
  auto counter = [calls](int x) mutable { return x + ++calls; };
  auto f = pool.submit(counter, 1);  // expect: picklint-lambda-capture
  validate::same(f, 2);
  return validate::finish();
}
