// A container of tasks, submitted in a loop, results gathered later.
#include "validate.hpp"
#include "headers/tasks.hpp"
#include <vector>
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  std::vector<std::vector<int>> batches{{1, 2}, {3, 4, 5}, {}, {6}};
  std::vector<ppx::Future<long>> futures;
  for (const auto& b : batches) futures.push_back(pool.submit(sum, b));
  for (std::size_t i = 0; i < batches.size(); ++i) validate::same(futures[i], sum(batches[i]));
  return validate::finish();
}
