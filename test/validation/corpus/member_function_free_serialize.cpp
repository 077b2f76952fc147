// A receiver serialized by a free function, as cereal allows.
#include "validate.hpp"
#include <string>
namespace geo {
struct Point {
  double x = 0, y = 0;
  double dot(Point o) const { return x * o.x + y * o.y; }
};
template <class A> void serialize(A& ar, Point& p) { ar(p.x, p.y); }
}  // namespace geo
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  geo::Point a{1, 2}, b{3, 4};
  auto f = pool.submit(&geo::Point::dot, a, b);
  validate::same(f, a.dot(b));
  return validate::finish();
}
