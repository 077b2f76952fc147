// The trap: a closure handed to the pool. Python's pickle cannot pickle a
// lambda; ppx cannot pickle a closure's state. This does not compile.
#include <ppx/ppx.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  int factor = 3;
  auto future = pool.submit([factor](int x) { return x * factor; }, 14);
  std::printf("%d\n", future.get());
}
