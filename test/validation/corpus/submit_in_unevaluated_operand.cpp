// Submissions in decltype, sizeof and noexcept never run and are never
// instantiated: the program builds and runs.
#include "validate.hpp"
int square(int x) { return x * x; }
template <bool Enabled> int maybe(ppx::ProcessPoolExecutor& pool, int k) {
  if constexpr (Enabled) return pool.submit([k](int x) { return x + k; }, 1).get();
  else return k;
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 3;
  using T = decltype(pool.submit([k](int x) { return x * k; }, 2));
  static_assert(sizeof(pool.submit([k](int x) { return x * k; }, 2)) > 0);
  bool nothrow = noexcept(pool.submit([k](int x) { return x * k; }, 2));
  T f = pool.submit(square, k + (nothrow ? 0 : 0));
  validate::same(f, 9);
  if (maybe<false>(pool, k) != k) validate::fail("maybe");
  return validate::finish();
}
