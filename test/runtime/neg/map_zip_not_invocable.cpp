// expect: ppx: the task's callable cannot be called with these arguments
#include <ppx/ppx.hpp>
#include <vector>
int add(int a, int b) { return a + b; }
void f(ppx::ProcessPoolExecutor& pool) {
  // Three ranges for a function of two.
  pool.map(add, std::vector<int>{1}, std::vector<int>{2}, std::vector<int>{3});  // refused
}
