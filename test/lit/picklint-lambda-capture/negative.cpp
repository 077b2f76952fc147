// RUN: %check_picklint %s picklint-lambda-capture %t
// Nothing here may be flagged: every submission can be pickled.
#include <ppx/ppx.hpp>

#include <vector>

int square(int x) { return x * x; }
int scale(int x, int k) { return x * k; }
static int counter = 0;

void fine(ppx::ProcessPoolExecutor &ex, int k) {
  ex.submit(square, 3);
  ex.submit(&square, 3);
  ex.submit([](int x) { return x * x; }, 3);           // no captures: a plain function
  ex.submit([](int x) { return x + counter; }, 3);     // a global is not a capture
  auto f = [](int x) { return x - 1; };
  ex.submit(f, 3);
  ex.submit(scale, 3, k);                              // the value travels as an argument
  auto never_submitted = [k](int x) { return x * k; }; // a closure that stays here
  (void)never_submitted(1);
  ex.map(square, std::vector<int>{1, 2, 3});
}

// Closures used inside a task's body are fine: they never cross.
int body_uses_closure(int x) {
  auto add = [x](int y) { return x + y; };
  return add(1);
}
void submit_body(ppx::ProcessPoolExecutor &ex) { ex.submit(body_uses_closure, 1); }
