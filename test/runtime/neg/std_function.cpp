// expect: ppx: the task's callable cannot be pickled
// expect: [picklint-lambda-capture]
#include <ppx/ppx.hpp>
#include <functional>
int square(int x) { return x * x; }
void f(ppx::ProcessPoolExecutor& pool) {
  std::function<int(int)> fn = square;
  pool.submit(fn, 1);  // refused
}
