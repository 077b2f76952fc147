// SubmitFunctions and MapFunctions follow clang-tidy's name-list conventions:
// a name without template arguments matches every specialization; an entry
// may be a regular expression; `ns::name` matches trailing components.
// A fix that moves captures into task arguments is offered only where the
// submission function takes them after the callable (`submit(fn, args...)`).
// RUN: %check_picklint %s picklint-lambda-capture %t -- \
// RUN:   -config="{CheckOptions: {SubmitFunctions: '::BS::thread_pool::submit_task;::my::.*::run;work::Queue::push', MapFunctions: '::my::Tmpl::each'}}"
#include <vector>
namespace BS {
template <class T = int> struct thread_pool {
  template <class F> int submit_task(F f) { return 0; }
};
} // namespace BS
namespace my {
template <int N> struct Tmpl {
  template <class F, class... A> int run(F f, A... a) { return 0; }
  template <class F, class R> int each(F f, R r) { return 0; }
};
} // namespace my
namespace app::work {
struct Queue {
  template <class F> void push(F f) {}
};
} // namespace app::work

void use(int k) {
  BS::thread_pool<> pool;
  pool.submit_task([k] { return k; });
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: task callable is a lambda with captures
  BS::thread_pool<long> other;
  other.submit_task([&k] { return k; });
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: task callable is a lambda with captures
  my::Tmpl<0> t0;
  my::Tmpl<7> t7;
  t0.run([k](int x) { return x + k; }, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task callable is a lambda with captures
  t7.run([k](int x) { return x + k; }, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task callable is a lambda with captures
  t7.each([k](int x) { return x + k; }, std::vector<int>{1, 2});
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: task callable is a lambda with captures
  app::work::Queue q;
  q.push([k] { return k; });
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task callable is a lambda with captures
  // Clean: no captures.
  pool.submit_task([] { return 1; });
  t0.run([](int x) { return x; }, 1);
}
