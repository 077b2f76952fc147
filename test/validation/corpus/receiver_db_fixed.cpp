// The fix: open the connection inside the task.
#include "validate.hpp"
#include <sqlite3.h>
#include <string>
struct DatabaseWorker {
  std::string path_;
  int run(std::string query) {
    sqlite3* conn = nullptr;
    sqlite3_open(path_.c_str(), &conn);
    int rows = 0;
    sqlite3_exec(conn, query.c_str(), [](void* n, int, char**, char**) { ++*static_cast<int*>(n); return 0; }, &rows, nullptr);
    sqlite3_close(conn);
    return rows;
  }
  template <class A> void serialize(A& ar) { ar(path_); }
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  DatabaseWorker worker{":memory:"};
  auto f = pool.submit(&DatabaseWorker::run, worker, "SELECT 1 UNION SELECT 2");
  validate::same(f, worker.run("SELECT 1 UNION SELECT 2"));
  return validate::finish();
}
