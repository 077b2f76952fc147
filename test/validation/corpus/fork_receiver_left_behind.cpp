// With fork too, the receiver is pickled: what its serialize leaves out is gone.
#include "validate.hpp"
#include "headers/db_worker.hpp"
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool({.max_workers = 2, .start_method = ppx::StartMethod::Fork});
  DbWorker worker(":memory:");
  auto f = pool.submit(&DbWorker::count, worker, "SELECT 1");  // expect: picklint-unpicklable-receiver
  validate::same(f, worker.count("SELECT 1"));
  return validate::finish();
}
