// A class template whose static member prints: never instantiated, or
// instantiated without using the member, it runs nothing.
#include "validate.hpp"
#include <cstdio>
template <class T> struct Registry { static inline const int reg = (std::puts("registered"), 0); };
Registry<int> instance;
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
