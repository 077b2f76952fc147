// A submission function that does not take the task's arguments after the
// callable (Ray's ray::Task(f).Remote(args...)) gets no fix: moving the
// captures into arguments would call it wrongly. One that does (HPX's
// hpx::async(f, args...)) gets the fix, as ppx's submit does.
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

void use(int k) {
  ray::Task([k](int x) { return x + k; }).Remote(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
  // CHECK-FIXES: ray::Task([k](int x) { return x + k; }).Remote(1);
  hpx::async([k](int x) { return x + k; }, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task callable is a lambda with captures
  // CHECK-FIXES: hpx::async([](int k, int x) { return x + k; }, k, 1);
}
