// expect: ppx: a task argument is a raw pointer
// expect: [picklint-unpicklable-argument]
#include <ppx/ppx.hpp>
int deref(const int* p) { return *p; }
void f(ppx::ProcessPoolExecutor& pool, int v) {
  pool.submit(deref, &v);  // refused
}
