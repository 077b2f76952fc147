#include "validate.hpp"
#include <iostream>
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  std::cerr << "booting" << std::endl;  // expect: picklint-side-effect-before-main
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 3; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
