// The trap: a worker object that holds a database connection. Its pickling
// carries the path but not the connection, so in the worker the connection
// is not open and the task fails there, far from its cause.
#include <ppx/ppx.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>
#include <string>

class DatabaseWorker {
 public:
  DatabaseWorker() = default;
  explicit DatabaseWorker(std::string path) : path_(std::move(path)) {
    sqlite3_open(path_.c_str(), &conn_);
  }
  int run(std::string query) {
    if (!conn_) throw std::runtime_error("no database connection in this process");
    int rows = 0;
    sqlite3_exec(conn_, query.c_str(), [](void* n, int, char**, char**) {
      ++*static_cast<int*>(n);
      return 0;
    }, &rows, nullptr);
    return rows;
  }
  template <class Archive>
  void serialize(Archive& ar) { ar(path_); }

 private:
  std::string path_;
  sqlite3* conn_ = nullptr;
};

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  DatabaseWorker worker(":memory:");
  auto future = pool.submit(&DatabaseWorker::run, worker, "SELECT 1 UNION SELECT 2");
  try {
    std::printf("rows: %d\n", future.get());
  } catch (const ppx::RemoteError& e) {
    std::printf("the task failed in the worker: %s\n", e.what());
    return 1;
  }
}
