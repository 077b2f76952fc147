#include "validate.hpp"
int square(int x) { return x * x; }
int cube(int x) { return x * x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int (*pick)(int) = argc > 5 ? square : cube;
  auto f = pool.submit(pick, 3);
  validate::same(f, pick(3));
  return validate::finish();
}
