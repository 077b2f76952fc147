#include "validate.hpp"
template <class T>
T scaled(ppx::ProcessPoolExecutor& pool, T k) {
  return pool.submit([k](T x) { return x * k; }, T(2)).get();  // expect: picklint-lambda-capture
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  if (scaled(pool, 3) != 6) validate::fail("int");
  if (scaled(pool, 1.5) != 3.0) validate::fail("double");
  return validate::finish();
}
