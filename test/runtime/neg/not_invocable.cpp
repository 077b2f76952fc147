// expect: ppx: the task's callable cannot be called with these arguments
#include <ppx/ppx.hpp>
#include <string>
int square(int x) { return x * x; }
void f(ppx::ProcessPoolExecutor& pool) {
  pool.submit(square, std::string("seven"));  // refused
}
