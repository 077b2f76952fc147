#include "validate.hpp"
#include <thread>
bool joinable(std::thread t) { bool j = t.joinable(); if (j) t.join(); return j; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(joinable, std::thread([] {}));  // expect: picklint-unpicklable-argument
  validate::same(f, true);
  return validate::finish();
}
