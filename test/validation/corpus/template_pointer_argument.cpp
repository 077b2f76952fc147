#include "validate.hpp"
int read_int(const int* p) { return *p; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int values[] = {4, 5};
  const int* second = &values[1];
  auto f = pool.submit(read_int, second);  // expect: picklint-unpicklable-argument
  validate::same(f, 5);
  return validate::finish();
}
