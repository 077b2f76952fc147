// A non-template helper that builds the closure and submits it itself.
#include "validate.hpp"
ppx::Future<int> offset_task(ppx::ProcessPoolExecutor& pool, int offset) {
  return pool.submit([offset](int x) { return x + offset; }, 10);  // expect: picklint-lambda-capture
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = offset_task(pool, 5);
  validate::same(f, 15);
  return validate::finish();
}
