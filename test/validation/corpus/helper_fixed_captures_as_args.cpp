// The fix: the captured value travels as a task argument.
#include "validate.hpp"
ppx::Future<int> offset_task(ppx::ProcessPoolExecutor& pool, int offset) {
  return pool.submit([](int x, int o) { return x + o; }, 10, offset);
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = offset_task(pool, 5);
  validate::same(f, 15);
  return validate::finish();
}
