#include "validate.hpp"
struct Point {
  int x = 0, y = 0;
  bool operator==(const Point&) const = default;
};
int norm1(Point p) { return p.x + p.y; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(norm1, Point{1, 2});  // expect: picklint-unpicklable-argument
  validate::same(f, 3);
  return validate::finish();
}
