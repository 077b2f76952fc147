// Other executors' submission functions, configured through .clang-tidy-style
// configuration: Ray's C++ API takes the callable in ray::Task(f), HPX's in
// hpx::async(f, args...).
// RUN: %check_picklint %s picklint-lambda-capture %t -- \
// RUN:   -config="{CheckOptions: {SubmitFunctions: '::ray::Task;::hpx::async'}}"
namespace ray {
template <class F> struct TaskCaller {
  template <class... A> int Remote(A... a) { return 0; }
};
template <class F> TaskCaller<F> Task(F f) { return {}; }
} // namespace ray
namespace hpx {
template <class F, class... A> int async(F f, A... a) { return 0; }
} // namespace hpx

int plus(int a, int b) { return a + b; }

void use(int k) {
  ray::Task([k](int x) { return x + k; }).Remote(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  ray::Task(plus).Remote(1, 2);
  hpx::async([&k](int x) { return x + k; }, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task callable is a lambda with captures
  hpx::async(plus, 1, 2);
}
