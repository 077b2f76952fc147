#include "validate.hpp"
int deref(const int* p) { return *p; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int value = 4;
  auto f = pool.submit(deref, &value);  // expect: picklint-unpicklable-argument
  validate::same(f, 4);
  return validate::finish();
}
