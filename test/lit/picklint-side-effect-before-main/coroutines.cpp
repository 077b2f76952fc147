// RUN: %check_picklint %s picklint-side-effect-before-main %t
// Follow what really executes: a coroutine that suspends at once runs none of
// its body when a global calls it; resuming its handle does.
#include <ppx/ppx.hpp>
#include <coroutine>
#include <cstdio>

struct Lazy {
  struct promise_type {
    Lazy get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
};
struct Eager {
  struct promise_type {
    Eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Lazy job() { std::puts("job ran"); co_return; }
Eager eager() { std::puts("eager ran"); co_return; }

Lazy lazy_global = job();
Lazy resumed = job();
static int run_it = (resumed.h.resume(), 0);
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: initializer of 'run_it' runs again in every spawned worker and writes to standard output; {{.*}} [picklint-side-effect-before-main]
Eager eager_global = eager();
// CHECK-MESSAGES: :[[@LINE-1]]:7: warning: initializer of 'eager_global' runs again in every spawned worker and writes to standard output; {{.*}} [picklint-side-effect-before-main]

int main(int argc, char **argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
}
