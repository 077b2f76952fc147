// The same template, instantiated with a function defined in another unit.
#include "fanout.hpp"
#include "validate.hpp"
int triple(int x);
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto fs = fan_out(pool, triple, 4);
  for (int i = 0; i < 4; ++i) validate::same(fs[i], triple(i));
  return validate::finish();
}
