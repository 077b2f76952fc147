#include "validate.hpp"
#include <cstdio>
int put(FILE* f, int x) { return std::fprintf(f, "%d\n", x); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(put, stdout, 7);  // expect: picklint-unpicklable-argument
  validate::same(f, 2);
  return validate::finish();
}
