#include "validate.hpp"
int square(int x) { return x * x; }
int run_all() {
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  return run_all();
}
