#include "validate.hpp"
#include <utility>
template <class F> auto inner(ppx::ProcessPoolExecutor& pool, F&& f) { return pool.submit(std::forward<F>(f), 3); }
template <class F> auto outer(ppx::ProcessPoolExecutor& pool, F&& f) { return inner(pool, std::forward<F>(f)); }
int triple(int x) { return 3 * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = outer(pool, triple);
  validate::same(f, 9);
  auto g = outer(pool, [](int x) { return x + 1; });
  validate::same(g, 4);
  return validate::finish();
}
