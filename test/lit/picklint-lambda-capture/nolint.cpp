// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

void suppressed(ppx::ProcessPoolExecutor &ex, int k) {
  ex.submit([k](int x) { return x * k; }, 2); // NOLINT(picklint-lambda-capture)
  // NOLINTNEXTLINE(picklint-*)
  ex.submit([k](int x) { return x * k; }, 2);
  ex.submit([k](int x) { return x * k; }, 2); // NOLINT(bugprone-*)
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
}
