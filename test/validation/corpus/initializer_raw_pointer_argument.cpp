// An initializer argument that is a pointer into the parent's memory.
#include "validate.hpp"
int* shared_counter = nullptr;
void remember(int* counter) { shared_counter = counter; }
int read_counter() { return shared_counter ? *shared_counter : -1; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  int counter = 42;
  ppx::Options o = validate::options();
  o.initializer = ppx::initializer(remember, &counter);  // expect: picklint-unpicklable-argument
  ppx::ProcessPoolExecutor pool(o);
  auto f = pool.submit(read_counter);
  validate::same(f, 42);
  return validate::finish();
}
