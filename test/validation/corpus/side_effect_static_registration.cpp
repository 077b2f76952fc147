// Tasks registered at start-up in a table the workers need: silent, and fine.
#include "validate.hpp"
#include <map>
#include <string>
std::map<std::string, int (*)(int)>& registry() {
  static std::map<std::string, int (*)(int)> r;
  return r;
}
bool add(const char* name, int (*fn)(int)) { return registry().emplace(name, fn).second; }
#define REGISTER_TASK(fn) static bool fn##_registered = add(#fn, fn)
int square(int x) { return x * x; }
int negate(int x) { return -x; }
REGISTER_TASK(square);
REGISTER_TASK(negate);
int run_named(std::string name, int x) { return registry().at(name)(x); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(run_named, "negate", 5);
  validate::same(f, -5);
  auto g = pool.submit(run_named, "square", 5);
  validate::same(g, 25);
  return validate::finish();
}
