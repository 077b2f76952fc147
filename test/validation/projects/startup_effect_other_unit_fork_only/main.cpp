// Every executor of the project forks: nothing re-runs, silent.
#include <ppx/ppx.hpp>
#include "validate.hpp"
int square(int x) { return x * x; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Fork});
  auto f = pool.submit(square, 5);
  validate::same(f, 25);
  return validate::finish();
}
