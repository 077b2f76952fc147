// A log opened at start-up: every spawned worker opens it again, truncating
// what the parent wrote.
#include "validate.hpp"
#include <fstream>
std::ofstream audit("audit.log");  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  audit << "parent started" << std::endl;
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 3; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 3; ++i) validate::same(fs[i], i * i);
  audit << "done" << std::endl;
  return validate::finish();
}
