#include "validate.hpp"
struct Job {
  int factor = 4;
  int start(ppx::ProcessPoolExecutor& pool) {
    auto f = pool.submit([this](int x) { return x * factor; }, 2);  // expect: picklint-lambda-capture
    return f.get();
  }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  Job job;
  if (job.start(pool) != 8) validate::fail("wrong result");
  return validate::finish();
}
