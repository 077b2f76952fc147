// A global object whose constructor, defined in another unit, prints.
#include "logger.hpp"
#include "validate.hpp"
Logger logger;  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, logger.level() + 4);
  validate::same(f, 25);
  return validate::finish();
}
