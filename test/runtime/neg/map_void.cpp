// expect: ppx: map needs a function that returns a value
#include <ppx/ppx.hpp>
#include <vector>
void nothing(int) {}
void f(ppx::ProcessPoolExecutor& pool) {
  pool.map(nothing, std::vector<int>{1});  // refused
}
