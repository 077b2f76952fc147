// Smart pointers to picklable values are pickled with their pointee.
#include "validate.hpp"
#include <memory>
#include <vector>
struct Config { int level = 0; template <class A> void serialize(A& ar) { ar(level); } };
int level_of(std::shared_ptr<Config> c) { return c ? c->level : -1; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto c = std::make_shared<Config>();
  c->level = 3;
  auto f = pool.submit(level_of, c);
  validate::same(f, 3);
  return validate::finish();
}
