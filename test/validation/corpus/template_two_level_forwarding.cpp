#include "validate.hpp"
#include <utility>
template <class F> auto inner(ppx::ProcessPoolExecutor& pool, F&& f) { return pool.submit(std::forward<F>(f), 3); }
template <class F> auto outer(ppx::ProcessPoolExecutor& pool, F&& f) { return inner(pool, std::forward<F>(f)); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 4;
  auto f = outer(pool, [k](int x) { return x * k; });  // expect: picklint-lambda-capture
  validate::same(f, 12);
  return validate::finish();
}
