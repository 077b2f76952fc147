// The banner is printed at start-up, but every executor forks: nothing re-runs.
#include "validate.hpp"
#include <cstdio>
static const bool banner = [] {
  std::puts("I am running!");
  return true;
}();
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Fork});
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 4; ++i) fs.push_back(pool.submit(square, i));
  for (int i = 0; i < 4; ++i) validate::same(fs[i], i * i);
  return validate::finish();
}
