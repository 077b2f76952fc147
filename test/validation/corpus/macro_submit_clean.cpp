#include "validate.hpp"
#include "headers/tasks.hpp"
#define RUN_REMOTE(pool, fn, arg) (pool).submit(fn, arg)
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = RUN_REMOTE(pool, square, 9);
  validate::same(f, 81);
  return validate::finish();
}
