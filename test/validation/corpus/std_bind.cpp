#include "validate.hpp"
#include <functional>
int scale(int x, int k) { return x * k; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(std::bind(scale, std::placeholders::_1, 3), 5);  // expect: picklint-lambda-capture
  validate::same(f, 15);
  return validate::finish();
}
