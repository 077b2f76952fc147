// The SubmitFunctions option names other executors' submission functions.
// RUN: %check_picklint %s picklint-lambda-capture %t -- \
// RUN:   -config="{CheckOptions: {picklint-lambda-capture.SubmitFunctions: '::pool::run'}}"
namespace pool {
template <class F, class... A> void run(F f, A... a) {}
} // namespace pool

void use(int k) {
  pool::run([k](int x) { return x * k; }, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: task callable is a lambda with captures
}
