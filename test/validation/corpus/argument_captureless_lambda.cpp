// A lambda without captures as a task argument (not as the callable): it has
// no serialization, and the runtime refuses it. As a function pointer
// (`+[]...`) it would travel by reference.
#include "validate.hpp"
template <class F> int apply_twice(F f, int x) { return f(f(x)); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto inc = [](int x) { return x + 1; };
  auto f = pool.submit(apply_twice<decltype(inc)>, inc, 1);  // expect: picklint-unpicklable-argument
  validate::same(f, 3);
  return validate::finish();
}
