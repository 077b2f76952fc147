#include "validate.hpp"
#include <vector>
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<int> xs(50);
  for (int i = 0; i < 50; ++i) xs[i] = i;
  validate::same_map(pool.map(square, xs, 8), xs, square);
  return validate::finish();
}
