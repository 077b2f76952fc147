#include "validate.hpp"
#include <cstdio>
__attribute__((constructor)) static void hello() { std::printf("hello from start-up\n"); }  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 3; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
