#include "validate.hpp"
#include <string>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::string prefix = "id-";
  auto f = pool.submit([=](int x) { return prefix + std::to_string(x); }, 7);  // expect: picklint-lambda-capture
  validate::same(f, std::string("id-7"));
  return validate::finish();
}
