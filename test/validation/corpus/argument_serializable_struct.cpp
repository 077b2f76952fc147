#include "validate.hpp"
#include <map>
#include <string>
#include <vector>
struct Point {
  int x = 0, y = 0;
  template <class A> void serialize(A& ar) { ar(x, y); }
};
int norm1(Point p) { return p.x + p.y; }
std::map<std::string, int> histogram(std::vector<std::string> words) {
  std::map<std::string, int> h;
  for (auto& w : words) ++h[w];
  return h;
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(norm1, Point{1, 2});
  validate::same(f, 3);
  std::vector<std::string> words{"a", "b", "a"};
  auto g = pool.submit(histogram, words);
  validate::same(g, histogram(words));
  return validate::finish();
}
