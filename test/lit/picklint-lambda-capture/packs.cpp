// RUN: %check_picklint %s picklint-lambda-capture %t
// A callable forwarded through a pack (`e.submit(static_cast<A&&>(a)...)`) is
// judged where the user wrote it: one warning per call site, each with the
// path into the template.
#include <ppx/ppx.hpp>

template <class E, class... A> auto wrap(E &e, A &&...a) {
  return e.submit(static_cast<A &&>(a)...);
}
template <class E, class... A> auto wrap_forward(E &e, A &&...a) {
  return e.submit(std::forward<A>(a)...);
}

int plus(int a, int b) { return a + b; }

void use(ppx::ProcessPoolExecutor &ex, int k, int j) {
  wrap(ex, [k](int x) { return x + k; }, 1);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: task callable is a lambda with captures, {{.*}} [picklint-lambda-capture]
  // CHECK-NOTES: :8:19: note: 'wrap' submits it as a task here
  // CHECK-NOTES: :[[@LINE-3]]:13: note: 'k' captured by value here
  wrap(ex, [&j](int x) { return x * j; }, 2);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: task callable is a lambda with captures, {{.*}} [picklint-lambda-capture]
  // CHECK-NOTES: :8:19: note: 'wrap' submits it as a task here
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'j' captured by reference here
  wrap_forward(ex, [k](int x) { return x - k; }, 3);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: task callable is a lambda with captures, {{.*}} [picklint-lambda-capture]
  // CHECK-NOTES: :11:19: note: 'wrap_forward' submits it as a task here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'k' captured by value here
  wrap(ex, plus, 1, 2);
  wrap(ex, [](int x) { return x; }, 4);
}
