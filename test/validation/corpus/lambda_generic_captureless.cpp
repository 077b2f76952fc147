#include "validate.hpp"
#include <string>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto twice = [](auto x) { return x + x; };
  auto f = pool.submit(twice, 21);
  validate::same(f, 42);
  auto g = pool.submit(twice, std::string("ab"));
  validate::same(g, std::string("abab"));
  return validate::finish();
}
