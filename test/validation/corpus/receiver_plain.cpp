#include "validate.hpp"
#include <vector>
struct Stats {
  std::vector<double> samples;
  double mean() const {
    double s = 0;
    for (double x : samples) s += x;
    return samples.empty() ? 0 : s / samples.size();
  }
  double scaled(double k) const { return mean() * k; }
  template <class A> void serialize(A& ar) { ar(samples); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Stats stats{{1.0, 2.0, 3.0}};
  auto f = pool.submit(&Stats::scaled, stats, 2.0);
  validate::same(f, stats.scaled(2.0));
  return validate::finish();
}
