// expect: ppx: a task argument cannot be pickled
#include <ppx/ppx.hpp>
#include <vector>
int count(std::vector<int*> v) { return (int)v.size(); }
void f(ppx::ProcessPoolExecutor& pool) {
  pool.submit(count, std::vector<int*>{});  // refused
}
