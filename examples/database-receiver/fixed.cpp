// The fix: pass what is needed to open the connection (the path), and open
// it inside the task, in the worker.
#include <ppx/ppx.hpp>

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>
#include <string>

int count_rows(std::string path, std::string query) {
  sqlite3* conn = nullptr;
  if (sqlite3_open(path.c_str(), &conn) != SQLITE_OK)
    throw std::runtime_error("cannot open " + path);
  int rows = 0;
  sqlite3_exec(conn, query.c_str(), [](void* n, int, char**, char**) {
    ++*static_cast<int*>(n);
    return 0;
  }, &rows, nullptr);
  sqlite3_close(conn);
  return rows;
}

int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::ProcessPoolExecutor pool;
  auto future = pool.submit(count_rows, ":memory:", "SELECT 1 UNION SELECT 2");
  std::printf("rows counted in a worker: %d\n", future.get());
}
