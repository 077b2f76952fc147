// The seed's trap: a banner at start-up prints once per spawned worker too.
#include "validate.hpp"
#include <cstdio>
static const bool banner = [] {  // expect: picklint-side-effect-before-main
  std::puts("I am running!");
  return true;
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
