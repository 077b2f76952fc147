// Instantiated here with a capturing lambda.
#include "fanout.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int k = 3;
  auto fs = fan_out(pool, [k](int x) { return x * k; }, 4);  // expect: picklint-lambda-capture
  for (int i = 0; i < 4; ++i) validate::same(fs[i], i * k);
  return validate::finish();
}
