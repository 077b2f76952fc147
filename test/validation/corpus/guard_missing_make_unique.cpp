#include "validate.hpp"
#include "headers/tasks.hpp"
#include <memory>
int main() {  // expect: picklint-missing-worker-guard
  auto pool = std::make_unique<ppx::ProcessPoolExecutor>(validate::options());
  auto f = pool->submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
