// A task submitted while the program starts, to an executor made then too.
#include "validate.hpp"
int id(int x) { return x; }
static ppx::ProcessPoolExecutor* pool_ptr = new ppx::ProcessPoolExecutor(validate::options());  // expect: picklint-side-effect-before-main
static auto first = pool_ptr->submit(id, 1);  // expect: picklint-side-effect-before-main
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  validate::same(first, 1);
  return validate::finish();
}
