// The same wrapper with a function and a lambda without captures.
#include "validate.hpp"
template <class E, class... A> auto wrap(E& e, A&&... a) { return e.submit(static_cast<A&&>(a)...); }
int add(int a, int b) { return a + b; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = wrap(pool, add, 1, 2);
  auto g = wrap(pool, [](int x) { return x * 3; }, 2);
  validate::same(f, 3);
  validate::same(g, 6);
  return validate::finish();
}
