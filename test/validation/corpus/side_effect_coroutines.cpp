// Coroutines at start-up: one that suspends at once prints nothing until it
// is resumed; resuming it, or one that does not suspend, prints in every
// spawned worker too.
#include "validate.hpp"
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
static int run_it = (resumed.h.resume(), 0);  // expect: picklint-side-effect-before-main
Eager eager_global = eager();  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
