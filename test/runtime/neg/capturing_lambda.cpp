// expect: ppx: the task's callable cannot be pickled: it is a lambda with captures
// expect: [picklint-lambda-capture]
#include <ppx/ppx.hpp>
void f(ppx::ProcessPoolExecutor& pool, int k) {
  pool.submit([k](int x) { return x * k; }, 1);  // refused
}
