#include "validate.hpp"
#include "headers/db_worker.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  DbWorker worker(":memory:");
  auto f = pool.submit(&DbWorker::count, worker, "SELECT 1");  // expect: picklint-unpicklable-receiver
  validate::same(f, worker.count("SELECT 1"));
  return validate::finish();
}
