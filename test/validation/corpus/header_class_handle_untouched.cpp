#include "validate.hpp"
#include "headers/db_worker.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  DbWorker worker(":memory:");
  auto f = pool.submit(&DbWorker::path_length, worker);
  validate::same(f, worker.path_length());
  return validate::finish();
}
