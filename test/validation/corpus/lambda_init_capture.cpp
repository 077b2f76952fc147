#include "validate.hpp"
#include <vector>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<int> weights{1, 2, 3};
  auto f = pool.submit([n = weights.size()](int x) { return x * (int)n; }, 2);  // expect: picklint-lambda-capture
  validate::same(f, 6);
  return validate::finish();
}
