// map over several ranges of different types and lengths: stops at the
// shortest, in chunks; every result equals the parent's.
#include "validate.hpp"
#include <list>
#include <string>
std::string tag(std::string name, int n) { return name + "#" + std::to_string(n); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::list<std::string> names{"a", "b", "c", "d", "e", "f", "g"};
  std::vector<int> numbers{1, 2, 3, 4, 5};
  std::vector<std::string> want;
  auto n = numbers.begin();
  for (auto it = names.begin(); it != names.end() && n != numbers.end(); ++it, ++n)
    want.push_back(tag(*it, *n));
  std::vector<std::string> got = pool.map(tag, names, numbers, 2).to_vector();
  if (got != want) validate::fail("map over two ranges differs from the parent's");
  return validate::finish();
}
