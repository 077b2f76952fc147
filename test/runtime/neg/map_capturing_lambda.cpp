// expect: ppx: the task's callable cannot be pickled
#include <ppx/ppx.hpp>
#include <vector>
void f(ppx::ProcessPoolExecutor& pool, int k) {
  pool.map([k](int x) { return x * k; }, std::vector<int>{1});  // refused
}
