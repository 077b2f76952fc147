#include "validate.hpp"
struct Adder {
  int amount = 0;
  int operator()(int x) const { return x + amount; }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(Adder{5}, 1);  // expect: picklint-lambda-capture
  validate::same(f, 6);
  return validate::finish();
}
