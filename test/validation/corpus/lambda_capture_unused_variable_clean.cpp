// A lambda that names a global or a constant needs no capture.
#include "validate.hpp"
constexpr int kFactor = 6;
static int offset = 1;
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit([](int x) { return x * kFactor + offset; }, 7);
  validate::same(f, 43);
  return validate::finish();
}
