// The same template, its static member used by two instantiations: it runs
// at start-up, in every spawned worker too.
#include "validate.hpp"
#include <cstdio>
template <class T> struct Registry { static inline const int reg = (std::puts("registered"), 0); };  // expect: picklint-side-effect-before-main
int square(int x) { return x * x + Registry<int>::reg + Registry<long>::reg; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, 3);
  validate::same(f, 9);
  return validate::finish();
}
