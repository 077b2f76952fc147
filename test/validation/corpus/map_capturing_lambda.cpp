#include "validate.hpp"
#include <vector>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 3;
  std::vector<int> xs{1, 2, 3};
  auto results = pool.map([k](int x) { return x * k; }, xs);  // expect: picklint-lambda-capture
  validate::same_map(results, xs, [k](int x) { return x * k; });
  return validate::finish();
}
