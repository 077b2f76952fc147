// A fork server whose start-up code has no effect, and workers replaced
// after each task (max_tasks_per_child, which fork refuses): nothing to
// flag, and every result is right.
#include "validate.hpp"
#include <array>
static const std::array<int, 4> table = [] {
  std::array<int, 4> t{};
  for (int i = 0; i < 4; ++i) t[i] = i * 10;
  return t;
}();
int lookup(int i) { return table[i] + i; }
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2,
                                 .start_method = ppx::StartMethod::Forkserver,
                                 .max_tasks_per_child = 1});
  std::vector<ppx::Future<int>> fs;
  for (int i = 0; i < 4; ++i) fs.push_back(pool.submit(lookup, i));
  for (int i = 0; i < 4; ++i) validate::same(fs[i], lookup(i));
  return validate::finish();
}
