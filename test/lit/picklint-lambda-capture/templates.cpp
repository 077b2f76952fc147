// A closure handed to a template that submits it: reported where the user
// wrote it, once per call site, with a note at the submission.
// RUN: %check_picklint %s picklint-lambda-capture %t
#include <ppx/ppx.hpp>

#include <utility>

template <class F> auto run_on_pool(ppx::ProcessPoolExecutor &ex, F &&f) {
  return ex.submit(std::forward<F>(f), 7);
}
template <class F> auto through_two(ppx::ProcessPoolExecutor &ex, F f) {
  return run_on_pool(ex, f);
}
template <class F> struct Runner {
  ppx::ProcessPoolExecutor &ex;
  auto go(F f) { return ex.submit(f, 1); }
};

int square(int x) { return x * x; }

void use(ppx::ProcessPoolExecutor &ex, int k) {
  run_on_pool(ex, [k](int x) { return x * k; });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: task callable is a lambda with captures
  // CHECK-NOTES: :9:20: note: 'run_on_pool' submits it as a task here
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'k' captured by value here
  run_on_pool(ex, [&k](int x) { return x * k; });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: task callable is a lambda with captures
  // CHECK-NOTES: :9:20: note: 'run_on_pool' submits it as a task here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'k' captured by reference here
  through_two(ex, [k](int x) { return x + k; });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: task callable is a lambda with captures
  // CHECK-NOTES: :9:20: note: 'run_on_pool' submits it as a task here
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'k' captured by value here

  // Fine: a plain function and a captureless lambda through the same templates.
  run_on_pool(ex, square);
  run_on_pool(ex, [](int x) { return x - 1; });
  through_two(ex, square);

  // A lambda inside a template, written there: one warning, however many
  // instantiations.
}

template <class T> void inside(ppx::ProcessPoolExecutor &ex, T k) {
  ex.submit([k](int x) { return x * (int)k; }, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-NOTES: :[[@LINE-2]]:14: note: 'k' captured by value here
}
void instantiate(ppx::ProcessPoolExecutor &ex) {
  inside(ex, 1);
  inside(ex, 2.0);
  inside(ex, 'c');
}
