// A generic helper over any picklable value type.
#include "validate.hpp"
#include <string>
template <class T> T twice(T x) { return x + x; }
template <class T> void check_twice(ppx::ProcessPoolExecutor& pool, T x) {
  auto f = pool.submit(twice<T>, x);
  validate::same(f, twice(x));
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  check_twice(pool, 21);
  check_twice(pool, 1.25);
  check_twice(pool, std::string("ab"));
  return validate::finish();
}
