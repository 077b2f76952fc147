// The seed's trap: the connection stays behind, the worker's copy has none.
#include "validate.hpp"
#include <sqlite3.h>
#include <stdexcept>
#include <string>
class DatabaseWorker {
 public:
  DatabaseWorker() = default;
  explicit DatabaseWorker(std::string path) : path_(std::move(path)) { sqlite3_open(path_.c_str(), &conn_); }
  int run(std::string query) {
    if (!conn_) throw std::runtime_error("no connection");
    int rows = 0;
    sqlite3_exec(conn_, query.c_str(), [](void* n, int, char**, char**) { ++*static_cast<int*>(n); return 0; }, &rows, nullptr);
    return rows;
  }
  template <class A> void serialize(A& ar) { ar(path_); }
 private:
  std::string path_;
  sqlite3* conn_ = nullptr;
};
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool(validate::options());
  DatabaseWorker worker(":memory:");
  auto f = pool.submit(&DatabaseWorker::run, worker, "SELECT 1 UNION SELECT 2");  // expect: picklint-unpicklable-receiver
  validate::same(f, worker.run("SELECT 1 UNION SELECT 2"));
  return validate::finish();
}
