// A coroutine made at start-up that suspends at once and is resumed only in
// main, after the guard: nothing runs again in the workers.
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
Lazy job() { std::puts("job ran"); co_return; }
Lazy lazy_global = job();
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  lazy_global.h.resume();
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
