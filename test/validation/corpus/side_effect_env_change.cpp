// Changing the environment at start-up: each spawned worker changes it again,
// and prints what it saw.
#include "validate.hpp"
#include <cstdio>
#include <cstdlib>
static int configured = [] {  // expect: picklint-side-effect-before-main
  std::printf("PPX_DEMO was %s\n", std::getenv("PPX_DEMO") ? "set" : "unset");
  return ::setenv("PPX_DEMO", "1", 1);
}();
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 4; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 4; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
