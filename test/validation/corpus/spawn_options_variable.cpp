// The start method set through an Options variable, here the harness's
// (spawn, then fork): the checker cannot tell it forks, and with spawn the
// banner runs in every worker.
#include "validate.hpp"
#include <cstdio>
static const bool banner = (std::puts("starting up"), true);  // expect: picklint-side-effect-before-main
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::Options options;
  options.max_workers = 2;
  options.start_method = validate::options().start_method;
  ppx::ProcessPoolExecutor pool(options);
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 4; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 4; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
