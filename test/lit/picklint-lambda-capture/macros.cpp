// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#define SUBMIT(pool, fn, arg) (pool).submit(fn, arg)
#define TIMES(k) [k](int x) { return x * k; }

void use(ppx::ProcessPoolExecutor &ex, int k) {
  SUBMIT(ex, [k](int x) { return x * k; }, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task callable is a lambda with captures
  ex.submit(TIMES(k), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
}
