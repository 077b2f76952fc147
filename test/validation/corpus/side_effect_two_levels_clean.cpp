// Two levels of calls that only compute: silent, and fine.
#include "validate.hpp"
#include <cmath>
#include <vector>
double weight(int i) { return std::sqrt(double(i)); }
std::vector<double> make_weights() {
  std::vector<double> w;
  for (int i = 0; i < 8; ++i) w.push_back(weight(i));
  return w;
}
static const std::vector<double> weights = make_weights();
double weighted(int i) { return weights[i] * 2; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(weighted, 4);
  validate::same(f, weighted(4));
  return validate::finish();
}
