// RUN: %check_picklint %s picklint-lambda-capture %t
// A submission in an unevaluated operand (decltype, sizeof, noexcept,
// typeid of a non-polymorphic value) never runs, and
// ppx never instantiates it: silent. Clang records it on the call's callee
// (not an odr-use: unevaluated), which the checks read. One in a discarded `if constexpr` branch of a
// template is never instantiated: silent. In a discarded branch of ordinary
// code the call is still instantiated, and ppx refuses it at compile time:
// flagged.
#include <ppx/ppx.hpp>
#include <typeinfo>

template <bool Enabled> void maybe(ppx::ProcessPoolExecutor &pool, int k) {
  if constexpr (Enabled)
    pool.submit([k](int x) { return x + k; }, 1);
}

void use(ppx::ProcessPoolExecutor &pool, int k) {
  using T = decltype(pool.submit([k](int x) { return x + k; }, 1));
  static_assert(sizeof(pool.submit([k](int x) { return x + k; }, 1)) > 0);
  bool b = noexcept(pool.submit([k](int x) { return x + k; }, 1));
  const std::type_info &t = typeid(pool.submit([k](int x) { return x + k; }, 1));
  (void)b;
  (void)t;
  maybe<false>(pool, k);
  if constexpr (false) {
    pool.submit([k](int x) { return x + k; }, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: task callable is a lambda with captures
  }
}
