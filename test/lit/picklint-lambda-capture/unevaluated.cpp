// RUN: %check_picklint %s picklint-lambda-capture %t
// A submission in an unevaluated operand never runs, and ppx never
// instantiates it: silent. One in a discarded `if constexpr` branch of a
// template is never instantiated: silent. In a discarded branch of ordinary
// code the call is still instantiated, and ppx refuses it at compile time:
// flagged.
#include <ppx/ppx.hpp>

template <bool Enabled> void maybe(ppx::ProcessPoolExecutor &pool, int k) {
  if constexpr (Enabled)
    pool.submit([k](int x) { return x + k; }, 1);
}

void use(ppx::ProcessPoolExecutor &pool, int k) {
  using T = decltype(pool.submit([k](int x) { return x + k; }, 1));
  static_assert(sizeof(pool.submit([k](int x) { return x + k; }, 1)) > 0);
  bool b = noexcept(pool.submit([k](int x) { return x + k; }, 1));
  (void)b;
  maybe<false>(pool, k);
  if constexpr (false) {
    pool.submit([k](int x) { return x + k; }, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: task callable is a lambda with captures
  }
}
