// A virtual member function, pickled by reference, with its object by value.
#include "validate.hpp"
struct Shape {
  double scale = 1;
  virtual double area(double side) const { return scale * side * side; }
  virtual ~Shape() = default;
  template <class A> void serialize(A& ar) { ar(scale); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Shape s;
  s.scale = 0.5;
  auto f = pool.submit(&Shape::area, s, 4.0);
  validate::same(f, s.area(4.0));
  return validate::finish();
}
