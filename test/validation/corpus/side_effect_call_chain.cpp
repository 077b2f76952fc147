#include "validate.hpp"
#include <iostream>
void describe(const char* what) { std::cerr << "loading " << what << "\n"; }
int load_threads() {
  describe("threads");
  return 2;
}
int threads = load_threads();  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(square, threads);
  validate::same(f, 4);
  return validate::finish();
}
