// Fork does not help a closure: it is refused whatever the start method.
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Fork});
  int k = 2;
  auto f = pool.submit([k](int x) { return x * k; }, 4);  // expect: picklint-lambda-capture
  validate::same(f, 8);
  return validate::finish();
}
