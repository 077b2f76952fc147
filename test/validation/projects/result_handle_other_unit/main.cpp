// The task's result is a FILE*: it cannot come back to the parent.
#include "log.hpp"
#include "validate.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  auto f = pool.submit(open_log, 3);  // expect: picklint-unpicklable-argument
  std::FILE* log = f.get();
  if (!log || std::fputs("x\n", log) < 0) validate::fail("no log");
  return validate::finish();
}
