#include "validate.hpp"
#include <string>
std::size_t length(std::string s) { return s.size(); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(length, "a string literal travels as std::string");
  validate::same(f, length("a string literal travels as std::string"));
  return validate::finish();
}
