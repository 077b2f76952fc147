#include "validate.hpp"
struct Negate {
  int operator()(int x) const { return -x; }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(Negate{}, 9);
  validate::same(f, -9);
  return validate::finish();
}
