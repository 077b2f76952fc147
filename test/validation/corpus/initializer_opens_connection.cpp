// The right place for per-worker resources: the pool's initializer.
#include "validate.hpp"
#include <sqlite3.h>
static sqlite3* connection = nullptr;
void connect() { sqlite3_open(":memory:", &connection); }
int rows(int n) {
  std::string q = "SELECT 1";
  for (int i = 1; i < n; ++i) q += " UNION SELECT " + std::to_string(i + 1);
  int count = 0;
  sqlite3_exec(connection, q.c_str(), [](void* c, int, char**, char**) { ++*static_cast<int*>(c); return 0; }, &count, nullptr);
  return count;
}
int main(int argc, char** argv) {
  ppx::init(argc, argv);
  ppx::Options o = validate::options();
  o.initializer = connect;
  ppx::ProcessPoolExecutor pool(o);
  auto f = pool.submit(rows, 3);
  validate::same(f, 3);
  return validate::finish();
}
