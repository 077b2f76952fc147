#include "validate.hpp"
#include <cstdio>
struct Logger {
  FILE* out = nullptr;
  int write(int x) { return out ? std::fprintf(out, "%d\n", x) : -1; }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Logger logger{stdout};
  auto f = pool.submit(&Logger::write, logger, 3);  // expect: picklint-unpicklable-receiver
  validate::same(f, 2);
  return validate::finish();
}
