// A wrapper that forwards its callable through a pack, called from two
// places with two capturing lambdas: each call site is a finding.
#include "validate.hpp"
template <class E, class... A> auto wrap(E& e, A&&... a) { return e.submit(static_cast<A&&>(a)...); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 2, j = 3;
  auto f = wrap(pool, [k](int x) { return x + k; }, 1);  // expect: picklint-lambda-capture
  auto g = wrap(pool, [&j](int x) { return x * j; }, 2);  // expect: picklint-lambda-capture
  validate::same(f, 3);
  validate::same(g, 6);
  return validate::finish();
}
