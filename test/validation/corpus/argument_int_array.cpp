#include "validate.hpp"
int first(const int* xs) { return xs[0]; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int xs[3] = {5, 6, 7};
  auto f = pool.submit(first, xs);  // expect: picklint-unpicklable-argument
  validate::same(f, 5);
  return validate::finish();
}
