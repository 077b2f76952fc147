#include "validate.hpp"
#include <functional>
int twice(int x) { return 2 * x; }
int apply(std::function<int(int)> f, int x) { return f(x); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(apply, std::function<int(int)>(twice), 3);  // expect: picklint-unpicklable-argument
  validate::same(f, 6);
  return validate::finish();
}
