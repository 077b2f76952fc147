#include "validate.hpp"
#include <functional>
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::function<int(int)> fn = square;
  auto f = pool.submit(fn, 5);  // expect: picklint-lambda-capture
  validate::same(f, 25);
  return validate::finish();
}
