// Reading a clock before the guard is fine: nothing observable.
#include "validate.hpp"
#include <chrono>
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  auto start = std::chrono::steady_clock::now();
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  (void)start;
  return validate::finish();
}
