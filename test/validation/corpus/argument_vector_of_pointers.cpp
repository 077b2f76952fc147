#include "validate.hpp"
#include <vector>
int count(std::vector<int*> xs) { return (int)xs.size(); }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  int a = 1, b = 2;
  auto f = pool.submit(count, std::vector<int*>{&a, &b});  // expect: picklint-unpicklable-argument
  validate::same(f, 2);
  return validate::finish();
}
