// The start method set through an Options variable: fork, so the banner is fine.
#include "validate.hpp"
#include <cstdio>
static const bool banner = (std::puts("starting up"), true);
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::Options options;
  options.max_workers = 2;
  options.start_method = ppx::StartMethod::Fork;
  ppx::ProcessPoolExecutor pool(options);
  auto f = pool.submit(square, 6);
  validate::same(f, 36);
  return validate::finish();
}
