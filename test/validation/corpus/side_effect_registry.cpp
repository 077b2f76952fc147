// In-process state built at start-up: workers need it, nothing observable.
#include "validate.hpp"
#include <map>
#include <string>
#include <vector>
using Handler = int (*)(int);
int twice(int x) { return 2 * x; }
int square(int x) { return x * x; }
static std::map<std::string, Handler> registry = {{"twice", twice}, {"square", square}};
static std::vector<int> table = [] {
  std::vector<int> t(16);
  for (int i = 0; i < 16; ++i) t[i] = i * i;
  return t;
}();
int dispatch(std::string name, int x) { return registry.at(name)(x) + table[1]; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(dispatch, "square", 5);
  validate::same(f, dispatch("square", 5));
  return validate::finish();
}
