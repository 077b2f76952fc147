// An executor at namespace scope: every spawned worker constructs it again
// while it starts, before ppx::init runs.
#include "validate.hpp"
int square(int x) { return x * x; }
ppx::ProcessPoolExecutor pool(validate::options());  // expect: picklint-side-effect-before-main
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  auto f = pool.submit(square, 4);
  validate::same(f, 16);
  return validate::finish();
}
