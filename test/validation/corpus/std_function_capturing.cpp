#include "validate.hpp"
#include <functional>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 2;
  std::function<int(int)> times = [k](int x) { return x * k; };
  auto f = pool.submit(times, 21);  // expect: picklint-lambda-capture
  validate::same(f, 42);
  return validate::finish();
}
