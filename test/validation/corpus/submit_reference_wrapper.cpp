#include "validate.hpp"
#include <functional>
int get(std::reference_wrapper<int> r) { return r.get(); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int x = 4;
  auto f = pool.submit(get, std::ref(x));  // expect: picklint-unpicklable-argument
  validate::same(f, 4);
  return validate::finish();
}
