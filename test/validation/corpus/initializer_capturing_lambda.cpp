// An initializer lambda that captures: its closure cannot be pickled.
#include "validate.hpp"
#include <string>
std::string greeting = "unset";
std::string read_greeting() { return greeting; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  std::string name = "worker";
  ppx::Options o = validate::options();
  o.initializer = ppx::initializer([name](int n) { greeting = name + std::to_string(n); }, 1);  // expect: picklint-lambda-capture
  ppx::ProcessPoolExecutor pool(o);
  auto f = pool.submit(read_greeting);
  validate::same(f, std::string("worker1"));
  return validate::finish();
}
