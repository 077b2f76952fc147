#include "validate.hpp"
#include <string>
#include <utility>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::string greeting = "hello";
  auto f = pool.submit([g = std::move(greeting)](std::string name) { return g + " " + name; }, "you");  // expect: picklint-lambda-capture
  validate::same(f, std::string("hello you"));
  return validate::finish();
}
