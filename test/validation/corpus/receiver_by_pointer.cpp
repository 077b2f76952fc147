#include "validate.hpp"
struct Counter {
  int base = 1;
  int add(int x) const { return base + x; }
  template <class A> void serialize(A& ar) { ar(base); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Counter c;
  auto f = pool.submit(&Counter::add, &c, 2);  // expect: picklint-unpicklable-receiver
  validate::same(f, 3);
  return validate::finish();
}
