#include "validate.hpp"
#include <algorithm>
#include <vector>
int count_above(std::vector<int> xs, int limit) {
  return (int)std::count_if(xs.begin(), xs.end(), [limit](int x) { return x > limit; });
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<int> xs{1, 5, 9, 12};
  auto f = pool.submit(count_above, xs, 4);
  validate::same(f, count_above(xs, 4));
  return validate::finish();
}
