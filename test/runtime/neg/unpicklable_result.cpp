// expect: ppx: the task's result cannot be pickled back to the parent
#include <ppx/ppx.hpp>
int* leak(int x) { return new int(x); }
void f(ppx::ProcessPoolExecutor& pool) {
  pool.submit(leak, 1);  // refused
}
