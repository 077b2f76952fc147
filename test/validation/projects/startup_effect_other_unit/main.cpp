// The executor spawns: every worker re-runs banner.cpp's initializer.
#include "validate.hpp"
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 5);
  validate::same(f, 25);
  return validate::finish();
}
