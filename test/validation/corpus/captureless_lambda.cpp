#include "validate.hpp"
#include <string>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit([](int x, int k) { return x * k; }, 14, 3);
  validate::same(f, 42);
  auto g = pool.submit([](std::string s) { return s + "!"; }, "hi");
  validate::same(g, std::string("hi!"));
  return validate::finish();
}
