// A global initialized by a function of another unit, which prints through a
// template and a third unit.
#include "validate.hpp"
int setup();
static const int level = setup();  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, level);
  validate::same(f, 4);
  return validate::finish();
}
