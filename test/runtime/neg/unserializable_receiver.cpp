// expect: ppx: the object of a submitted member function cannot be pickled
// expect: [picklint-unpicklable-receiver]
#include <ppx/ppx.hpp>
struct sqlite3;
struct DatabaseWorker {
  sqlite3* conn = nullptr;
  int run(int x) { return x; }
};
void f(ppx::ProcessPoolExecutor& pool, DatabaseWorker& w) {
  pool.submit(&DatabaseWorker::run, w, 1);  // refused
}
