// A C string through a pointer variable is a raw pointer (a literal is not).
#include "validate.hpp"
#include <string>
std::size_t length(const char* s) { return std::string(s).size(); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  const char* name = argv[0];
  auto f = pool.submit(length, name);  // expect: picklint-unpicklable-argument
  validate::same(f, length(name));
  return validate::finish();
}
