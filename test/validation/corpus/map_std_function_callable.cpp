#include "validate.hpp"
#include <functional>
#include <vector>
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<int> xs{1, 2, 3};
  std::function<int(int)> fn = square;
  validate::same_map(pool.map(fn, xs), xs, square);  // expect: picklint-lambda-capture
  return validate::finish();
}
