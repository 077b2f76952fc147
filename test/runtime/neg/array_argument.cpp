// expect: ppx: a task argument is a raw pointer (or an array, which decays to one)
#include <ppx/ppx.hpp>
int first(const int* p) { return *p; }
void f(ppx::ProcessPoolExecutor& pool) {
  int values[3] = {1, 2, 3};
  pool.submit(first, values);  // refused
}
